// The floor's only activity: a round trip through the engine that does nothing.
export async function noop(): Promise<void> {}
