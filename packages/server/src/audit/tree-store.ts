// The Merkle tree of the audit log in PostgreSQL: tiles (packages/tlog) in audit_tile, the leaf
// each entry is at in audit_leaf, signed tree heads in audit_tree_head (migration 016). Reading
// never locks: stored hashes never change (a tile only grows), so a tile read now serves every
// older tree size too.
import type { TileMap, TileRead, TileReader, TileWrite } from '@cancuoc/tlog';
import type { Sql, Tx } from '../db/connect.ts';

/** Tile height of this deployment's log: fixed for the life of a log (docs/audit.md). */
export const TILE_HEIGHT = 4;

export function tileReader(sql: Sql | Tx): TileReader {
  return {
    async readTiles(tiles: readonly TileRead[]): Promise<TileMap> {
      if (tiles.length === 0) return new Map();
      const rows = await sql<{ level: number; idx: string; hashes: Buffer }[]>`
        select t.level, t.idx::text, t.hashes
        from unnest(${tiles.map((t) => t.level)}::smallint[], ${tiles.map((t) => String(t.index))}::bigint[]) as k(level, idx)
        join audit_tile t on t.level = k.level and t.idx = k.idx`;
      return new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hashes]));
    },
  };
}

export async function writeTilesInTx(tx: Tx, tiles: readonly TileWrite[]): Promise<void> {
  if (tiles.length === 0) return;
  await tx`
    insert into audit_tile (level, idx, hashes)
    select level, idx, decode(hashes, 'hex')
    from unnest(${tiles.map((t) => t.level)}::smallint[], ${tiles.map((t) => String(t.index))}::bigint[], ${tiles.map((t) => t.hashes.toString('hex'))}::text[])
      as t(level, idx, hashes)
    on conflict (level, idx) do update set hashes = excluded.hashes where audit_tile.hashes <> excluded.hashes`;
}

export interface TreeHead { size: number; rootHash: Buffer; signedAt: Date; checkpoint: string }

/** The latest signed tree head, or undefined for an empty tree. */
export async function latestTreeHead(sql: Sql | Tx): Promise<TreeHead | undefined> {
  const [row] = await sql<{ size: string; root_hash: Buffer; signed_at: Date; checkpoint: string }[]>`
    select size::text, root_hash, signed_at, checkpoint from audit_tree_head order by audit_tree_head.size desc limit 1`;
  return row ? { size: Number(row.size), rootHash: row.root_hash, signedAt: row.signed_at, checkpoint: row.checkpoint } : undefined;
}

export async function treeHeadOfSize(sql: Sql, size: number): Promise<TreeHead | undefined> {
  const [row] = await sql<{ size: string; root_hash: Buffer; signed_at: Date; checkpoint: string }[]>`
    select size::text, root_hash, signed_at, checkpoint from audit_tree_head where size = ${size}`;
  return row ? { size: Number(row.size), rootHash: row.root_hash, signedAt: row.signed_at, checkpoint: row.checkpoint } : undefined;
}
