// A line at every tenth of a long run, so a 15-minute benchmark shows it is moving.
export function progress(label: string, total: number): () => void {
  let done = 0;
  const started = Date.now();
  return () => {
    done++;
    if (done % Math.max(1, Math.round(total / 10)) === 0 || done === total)
      console.log(`  ${label}: ${done}/${total} (${Math.round((Date.now() - started) / 1000)} s)`);
  };
}
