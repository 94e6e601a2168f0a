import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { RelativeTime } from '@/components/RelativeTime';
import { useMediaQuery } from '@/lib/use-media-query';
import { paths } from '@/config/paths';
import { QUEUE_PAGE_SIZES, type QueuePageSize } from '@/lib/preferences';
import { markReadInLists, type BulkResult } from '../../api/bulk';
import type { Ordering, TicketListItem } from '../../types';
import { CategoryBadge, PriorityBadge, StatusBadge } from '../badges';
import { Highlight } from '../Highlight';
import { SlaBadge } from '../SlaBadge';
import { BulkBar } from './BulkBar';
import { useShortcuts } from '../../hooks/useShortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import './queue.css';

export interface TicketQueueProps {
  tickets: TicketListItem[];
  search: string;
  ordering: Ordering;
  onSort: (ordering: Ordering) => void;
  pageSize: QueuePageSize;
  onPageSize: (size: QueuePageSize) => void;
}

type Column = 'id' | 'title' | 'requester' | 'status' | 'priority' | 'category' | 'assignee' | 'updated' | 'sla';
type Sort = { asc: Ordering; desc: Ordering; first: 'asc' | 'desc' };

// The API's orderings; requester and assignee have none. Dates, ids and
// priority start with the most recent / most urgent, text with A, the SLA
// with the target due soonest (overdue ones first).
const SORTS: Record<Column, Sort | null> = {
  id: { asc: 'id', desc: '-id', first: 'desc' },
  title: { asc: 'title', desc: '-title', first: 'asc' },
  requester: null,
  status: { asc: 'status', desc: '-status', first: 'asc' },
  priority: { asc: 'priority', desc: '-priority', first: 'desc' },
  category: { asc: 'category', desc: '-category', first: 'asc' },
  assignee: null,
  updated: { asc: 'updated_at', desc: '-updated_at', first: 'desc' },
  sla: { asc: 'sla_due', desc: '-sla_due', first: 'asc' },
};
const COLUMNS = Object.keys(SORTS) as Column[];

// Where the table is a list (queue.css): no column header says "Priority" there.
const AS_LIST = '(max-width: 59.98rem)';

/** A click on a row opens it, unless it was on something of its own. */
function isOwnControl(target: EventTarget): boolean {
  return target instanceof Element && Boolean(target.closest('a, button, input, label, select'));
}

/** The staff queue (SPEC 6): a dense, sortable table with selection, a bulk bar and shortcuts. */
export default function TicketQueue({ tickets, search, ordering, onSort, pageSize, onPageSize }: TicketQueueProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Ids, not rows: live updates replace rows in place and the selection stays.
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [cursor, setCursor] = useState(-1);
  const [failures, setFailures] = useState<BulkResult['failed']>([]);
  const [help, setHelp] = useState(false);
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  const selectAll = useRef<HTMLInputElement>(null);
  const asList = useMediaQuery(AS_LIST);

  const chosen = tickets.filter((ticket) => selected.has(ticket.id)).map((ticket) => ticket.id);
  const allChosen = tickets.length > 0 && chosen.length === tickets.length;
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = chosen.length > 0 && !allChosen;
  }, [chosen.length, allChosen]);

  function toggle(id: number) {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  function open(id: number) {
    markReadInLists(queryClient, id);
    void navigate(paths.ticket(id));
  }

  function move(step: number) {
    if (!tickets.length) return;
    const index = Math.min(tickets.length - 1, Math.max(0, cursor + step));
    const ticket = tickets[cursor < 0 ? 0 : index];
    if (ticket) rows.current.get(ticket.id)?.focus();
  }

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    x: () => {
      const ticket = tickets[cursor];
      if (!ticket) return false;
      toggle(ticket.id);
    },
    '/': () => document.getElementById('ticket-search')?.focus(),
    '?': () => setHelp(true),
  });

  function onDone(result: BulkResult) {
    const changed = new Set(result.updated.map((ticket) => ticket.id));
    // What changed leaves the selection; what failed stays, to try again.
    setSelected((current) => new Set([...current].filter((id) => !changed.has(id))));
    setFailures(result.failed);
  }

  function header(column: Column) {
    const sort = SORTS[column];
    const label = column === 'sla' ? t('queueSla.column') : t(`queue.${column}`);
    if (!sort) {
      return (
        <th key={column} scope="col" className={`queue__${column}`}>
          {label}
        </th>
      );
    }
    const direction = ordering === sort.asc ? 'ascending' : ordering === sort.desc ? 'descending' : undefined;
    const next = direction === 'ascending' ? sort.desc : direction === 'descending' ? sort.asc : sort[sort.first];
    return (
      <th key={column} scope="col" className={`queue__${column}`} aria-sort={direction}>
        <button type="button" className="queue__sort" onClick={() => onSort(next)} data-testid={`sort-${column}`}>
          {label}
          <span className="queue__arrow" aria-hidden="true">
            {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
          </span>
        </button>
      </th>
    );
  }

  return (
    <div className="queue">
      {failures.length ? (
        <div className="queue__failures">
          <Alert tone="error" testId="bulk-failures">
            <p>{t('queue.failed', { count: failures.length })}</p>
            <ul>
              {failures.map((failure) => (
                <li key={failure.id}>{t('queue.failure', { id: failure.id, detail: failure.detail })}</li>
              ))}
            </ul>
            <Button variant="ghost" size="sm" onClick={() => setFailures([])}>
              {t('queue.dismiss')}
            </Button>
          </Alert>
        </div>
      ) : null}
      <table className="queue__table" aria-label={t('queue.label')} data-testid="queue">
        <thead>
          <tr>
            <th scope="col" className="queue__select">
              {/* Where the table is a list there are no column headers: the
                  checkbox says what it does, in line with the rows' ones. */}
              <label className="queue__select-all">
                <input
                  ref={selectAll}
                  type="checkbox"
                  checked={allChosen}
                  onChange={() => setSelected(allChosen ? new Set() : new Set(tickets.map((ticket) => ticket.id)))}
                  aria-label={t('queue.selectAll')}
                  data-testid="select-all"
                />
                <span className="queue__select-text" aria-hidden="true" data-testid="select-all-text">
                  {t('queueSelect.all')}
                </span>
              </label>
            </th>
            {COLUMNS.map(header)}
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket, index) => (
            <tr
              key={ticket.id}
              ref={(row) => {
                if (row) rows.current.set(ticket.id, row);
                else rows.current.delete(ticket.id);
              }}
              // One row in the tab order (roving focus); j/k move it.
              tabIndex={index === Math.max(cursor, 0) ? 0 : -1}
              className={ticket.unread ? 'queue__row queue__row--unread' : 'queue__row'}
              data-selected={selected.has(ticket.id) || undefined}
              data-testid="queue-row"
              data-ticket-id={ticket.id}
              onFocus={() => setCursor(index)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) open(ticket.id);
              }}
              onClick={(event: MouseEvent) => {
                if (!isOwnControl(event.target)) open(ticket.id);
              }}
            >
              <td className="queue__select">
                <input
                  type="checkbox"
                  checked={selected.has(ticket.id)}
                  onChange={() => toggle(ticket.id)}
                  aria-label={t('queue.selectRow', { id: ticket.id })}
                  data-testid="select-row"
                />
              </td>
              <td className="queue__id">
                {ticket.unread ? <span className="queue__dot" role="img" aria-label={t('queue.unread')} data-testid="unread-dot" /> : null}
                <span>#{ticket.id}</span>
              </td>
              <td className="queue__title">
                <Link to={paths.ticket(ticket.id)} title={ticket.title} onClick={() => markReadInLists(queryClient, ticket.id)}>
                  <Highlight text={ticket.title} term={search} />
                </Link>
              </td>
              <td className="queue__requester" data-label={t('queue.requester')}>
                <span className="queue__name" title={ticket.created_by.username}>
                  <Highlight text={ticket.created_by.username} term={search} />
                </span>
              </td>
              <td className="queue__status">
                <StatusBadge status={ticket.status} />
              </td>
              <td className="queue__priority">
                <PriorityBadge priority={ticket.priority} short={!asList} />
              </td>
              <td className="queue__category">
                <CategoryBadge category={ticket.category} />
              </td>
              <td className="queue__assignee" data-label={t('queue.assignee')}>
                {ticket.assignee ? (
                  <span className="queue__name" title={ticket.assignee.username}>
                    {ticket.assignee.username}
                  </span>
                ) : (
                  <span className="queue__muted">{t('queue.unassigned')}</span>
                )}
              </td>
              <td className="queue__updated">
                <RelativeTime iso={ticket.updated_at} />
              </td>
              <td className="queue__sla">
                <SlaBadge ticket={ticket} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="queue__footer">
        <label className="queue__size">
          <span>{t('queue.pageSize')}</span>
          <select
            value={pageSize}
            onChange={(e) => onPageSize(Number(e.target.value) as QueuePageSize)}
            data-testid="page-size"
          >
            {QUEUE_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <Button variant="ghost" size="sm" onClick={() => setHelp(true)} aria-keyshortcuts="?" data-testid="shortcuts-button">
          <kbd aria-hidden="true">?</kbd> {t('queue.shortcutsHint')}
        </Button>
      </div>
      {chosen.length ? <BulkBar ids={chosen} onDone={onDone} onClear={() => setSelected(new Set())} /> : null}
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
