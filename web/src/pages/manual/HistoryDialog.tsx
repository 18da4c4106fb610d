import { DateTime } from "../../ui/DateTime.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { Dialog } from "./Dialog.tsx";
import {
  type AuditEventView,
  describeEntryEvent,
  describePlanEvent,
  type EventWords,
} from "./history.ts";
import { useEntryHistory, usePlanHistory } from "./queries.ts";

interface HistoryDialogProps {
  id: string;
  title: string;
  onClose: () => void;
}

/** A one-off entry's audit trail, oldest first; still there after the entry was deleted. */
export function EntryHistoryDialog({ id, title, onClose }: HistoryDialogProps) {
  const history = useEntryHistory(id);
  return (
    <HistoryDialog
      title={title}
      onClose={onClose}
      history={history}
      describe={describeEntryEvent}
    />
  );
}

/** A seat plan's audit trail: its start, changes, stop, and months removed from it. */
export function PlanHistoryDialog({ id, title, onClose }: HistoryDialogProps) {
  const history = usePlanHistory(id);
  return (
    <HistoryDialog title={title} onClose={onClose} history={history} describe={describePlanEvent} />
  );
}

function HistoryDialog({
  title,
  onClose,
  history,
  describe,
}: Omit<HistoryDialogProps, "id"> & {
  history: ReturnType<typeof useEntryHistory> | ReturnType<typeof usePlanHistory>;
  describe: (event: AuditEventView) => EventWords;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      {history.isPending ? (
        <Loading what="the history" />
      ) : history.isError ? (
        <ErrorMessage error={history.error} action="load the history" />
      ) : (
        <Events events={history.data.events} describe={describe} />
      )}
    </Dialog>
  );
}

function Events({
  events,
  describe,
}: {
  events: AuditEventView[];
  describe: (event: AuditEventView) => EventWords;
}) {
  if (events.length === 0) return <Empty>No changes recorded yet.</Empty>;
  return (
    <ol className="history">
      {events.map((event) => {
        const words = describe(event);
        return (
          <li key={event.id}>
            <div className="row">
              <strong>{words.title}</strong>
              <span className="muted">
                <DateTime iso={event.at} />
              </span>
            </div>
            {words.lines.length > 0 && (
              <ul>
                {words.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
