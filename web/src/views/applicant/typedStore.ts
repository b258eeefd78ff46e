// What the applicant typed and the server does not have yet, kept in localStorage per application
// (per browser), so a reload, a closed tab or a refused field loses nothing; cleared once saved.
const key = (applicationId: string) => `pilotflow.workspace.annex.${applicationId}`;

export function readTyped(applicationId: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key(applicationId)) ?? '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function keepTyped(applicationId: string, values: Record<string, unknown>) {
  if (Object.keys(values).length) localStorage.setItem(key(applicationId), JSON.stringify(values));
  else localStorage.removeItem(key(applicationId));
}
