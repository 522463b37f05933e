import type { ReactNode } from 'react';
import { Board } from './Board';
import { Meeting } from './Meeting';
import { EventCause, ResolutionTrail } from './Trail';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The board's screen for a path, or null when the path is not the board's. */
export function boardScreen(pathname: string): ReactNode | null {
  if (pathname === '/consiglio') return <Board />;
  const meeting = new RegExp(`^/consiglio/riunioni/(${UUID})$`).exec(pathname)?.[1];
  if (meeting) return <Meeting key={meeting} meetingId={meeting} />;
  const resolution = /^\/consiglio\/delibere\/([^/]+)$/.exec(pathname)?.[1];
  if (resolution) return <ResolutionTrail key={resolution} resolutionId={decodeURIComponent(resolution)} />;
  const event = new RegExp(`^/consiglio/eventi/(${UUID})$`).exec(pathname)?.[1];
  if (event) return <EventCause key={event} eventId={event} />;
  return null;
}
