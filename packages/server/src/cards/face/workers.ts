// Card faces rendered on worker threads, so that personalisation uses every core: the face is
// the largest CPU share of a card (layout, two PNG encodes, the PDF) and JavaScript runs on one
// thread per isolate. Each worker renders one face at a time; jobs queue for the first free one.
// Workers start on first use and do not keep the process alive. CANCUOC_FACE_WORKERS sets how
// many (default: the cores, at most 4); 0 renders in the calling thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { imageMime, imageSize } from '@cancuoc/emrtd';
import { CardFaceError, renderCardFace, type CardFace, type CardFaceData } from './index.ts';

interface Pending { resolve: (f: CardFace) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; busy: boolean }
interface Job { data: CardFaceData; photo: Uint8Array; dpi?: number; pending: Pending }

export function faceWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.CANCUOC_FACE_WORKERS;
  if (set !== undefined && set !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`CANCUOC_FACE_WORKERS must be a whole number 0–64, got ${set}`);
    return n;
  }
  return Math.min(4, os.availableParallelism());
}

export class FaceWorkers {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #pending = new Map<number, Pending & { slot: Slot }>();
  #next = 0;

  constructor(size = faceWorkerCount()) {
    this.size = size;
  }

  /** renderCardFace, on a worker when there are any. The photo is checked here, with the same errors. */
  render(data: CardFaceData, photo: Uint8Array, options: { dpi?: number } = {}): Promise<CardFace> {
    if (this.size === 0) return renderCardFace(data, photo, options);
    if (imageMime(photo) !== 'image/jpeg') return Promise.reject(new CardFaceError('the photo is not a JPEG'));
    const size = imageSize(photo);
    if (!size || size.width < 1 || size.height < 1) return Promise.reject(new CardFaceError('the JPEG photo has no readable size'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ data, photo: Uint8Array.from(photo), ...(options.dpi ? { dpi: options.dpi } : {}), pending: { resolve, reject } });
      this.#dispatch();
    });
  }

  /** Stops the workers; jobs still queued or running fail. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    const closed = new Error('the card-face workers were closed');
    for (const j of this.#queue.splice(0)) j.pending.reject(closed);
    for (const p of this.#pending.values()) p.reject(closed);
    this.#pending.clear();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.busy);
      if (!slot && this.#slots.length < this.size) slot = this.#start();
      if (!slot) return;
      const job = this.#queue.shift()!;
      const id = this.#next++;
      slot.busy = true;
      // Referenced while it works, so a process waiting only for a face does not exit.
      slot.worker.ref();
      this.#pending.set(id, { ...job.pending, slot });
      slot.worker.postMessage({ id, data: job.data, photo: job.photo, ...(job.dpi ? { dpi: job.dpi } : {}) }, [job.photo.buffer as ArrayBuffer]);
    }
  }

  #start(): Slot {
    const worker = new Worker(new URL('./worker-entry.js', import.meta.url));
    worker.unref();
    const slot: Slot = { worker, busy: false };
    worker.on('message', (m: { id: number; files?: Uint8Array[]; error?: { message: string } }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      slot.busy = false;
      slot.worker.unref();
      if (m.files) p.resolve({ png: { front: Buffer.from(m.files[0]!.buffer), back: Buffer.from(m.files[1]!.buffer) }, pdf: m.files[2]! });
      else p.reject(new Error(`card face: ${m.error?.message}`));
      this.#dispatch();
    });
    // A worker that dies fails its job and is replaced on the next dispatch.
    const fail = (err: Error) => {
      this.#slots = this.#slots.filter((s) => s !== slot);
      for (const [id, p] of this.#pending) {
        if (p.slot !== slot) continue;
        this.#pending.delete(id);
        p.reject(err);
      }
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (this.#slots.includes(slot)) fail(new Error(`a card-face worker exited (${code})`)); });
    this.#slots.push(slot);
    return slot;
  }
}

let shared: FaceWorkers | undefined;
/** The process's face workers (personalisation shares them across batches and requests). */
export function faceWorkers(): FaceWorkers {
  shared ??= new FaceWorkers();
  return shared;
}
