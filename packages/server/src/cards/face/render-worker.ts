// A card-face worker thread: renders what workers.ts sends it, answers with the three files
// (their buffers transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { renderCardFace, type CardFaceData } from './index.ts';

interface Job { id: number; data: CardFaceData; photo: Uint8Array; dpi?: number }

parentPort!.on('message', async (job: Job) => {
  try {
    const face = await renderCardFace(job.data, job.photo, job.dpi ? { dpi: job.dpi } : {});
    const files = [face.png.front, face.png.back, face.pdf].map((b) => Uint8Array.from(b));
    parentPort!.postMessage({ id: job.id, files }, files.map((f) => f.buffer as ArrayBuffer));
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: { message: (err as Error).message, name: (err as Error).name } });
  }
});
