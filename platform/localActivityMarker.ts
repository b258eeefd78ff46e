// A local activity leaves no ActivityTask events in a history, only a marker the SDK core writes
// (`core_local_activity`): its type and attempt are in the marker's JSON `data` payload.
import type { temporal } from '@temporalio/proto';

type Marker = temporal.api.history.v1.IMarkerRecordedEventAttributes;

export interface LocalActivity {
  type: string;
  attempt: number;
}

export function localActivityOf(marker: Marker | null | undefined): LocalActivity | undefined {
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
  if (!data) return undefined;
  const d = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string; attempt: number };
  return { type: d.activity_type, attempt: d.attempt };
}
