import fs from 'node:fs';

export default async function globalTeardown() {
  const handles = (globalThis as Record<string, unknown>).__pilotflow as
    { temporal: { stop(): Promise<void> }; database: { stop(): Promise<void> }; bundlePath: string } | undefined;
  if (!handles) return;
  await handles.temporal.stop();
  await handles.database.stop();
  fs.rmSync(handles.bundlePath, { force: true });
}
