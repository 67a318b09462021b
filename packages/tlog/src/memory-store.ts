// Tiles in a Map: the storage interface at its simplest, for tests, benchmarks and tools that
// rebuild a tree in memory (the server keeps its tiles in PostgreSQL behind the same TileReader).
import { tileId, type TileMap, type TileRead, type TileReader, type TileWrite } from './tiles.ts';

export interface MemoryTileStore extends TileReader {
  /** Every tile by `tileId`. */
  readonly tiles: Map<string, Uint8Array>;
  writeTiles(writes: readonly TileWrite[]): void;
}

export function createMemoryTileStore(): MemoryTileStore {
  const tiles = new Map<string, Uint8Array>();
  return {
    tiles,
    readTiles(reads: readonly TileRead[]): Promise<TileMap> {
      const found = new Map<string, Uint8Array>();
      for (const r of reads) {
        const data = tiles.get(tileId(r));
        if (data !== undefined) found.set(tileId(r), data);
      }
      return Promise.resolve(found);
    },
    writeTiles(writes: readonly TileWrite[]): void {
      for (const w of writes) tiles.set(tileId(w), w.hashes);
    },
  };
}
