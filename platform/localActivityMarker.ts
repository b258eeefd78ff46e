// A local activity leaves no ActivityTask events in a history, only a marker the SDK core writes
// (`core_local_activity`): its type, attempt and times are in the marker's JSON `data` payload.
import type { temporal } from '@temporalio/proto';

type Marker = temporal.api.history.v1.IMarkerRecordedEventAttributes;
type Time = { seconds: number | string; nanos?: number };

export interface LocalActivity {
  type: string;
  attempt: number;
  /** scheduled → completed, when the marker holds both times */
  ranMs?: number;
}

export function localActivityOf(marker: Marker | null | undefined): LocalActivity | undefined {
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
  if (!data) return undefined;
  const d = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string; attempt: number; complete_time?: Time; original_schedule_time?: Time };
  const ms = (t: Time) => Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6;
  return { type: d.activity_type, attempt: d.attempt, ranMs: d.complete_time && d.original_schedule_time ? ms(d.complete_time) - ms(d.original_schedule_time) : undefined };
}
