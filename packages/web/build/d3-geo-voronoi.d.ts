// d3-geo-voronoi ships no types; this is the one call build/map-data.ts makes.
declare module 'd3-geo-voronoi' {
  export function geoVoronoi(points: [number, number][]): { polygons(): GeoJSON.FeatureCollection };
}
