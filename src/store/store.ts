/**
 * Where durable state goes: card feedback, cards shown, and the JWT jti replay memory. One interface, two
 * back ends: SQLite (embedded default, one machine) and PostgreSQL (CDS_DATABASE_URL, any number of instances).
 */
import type { Feedback } from '../contract/types.js';

/** What produced a row: clinical rules version, short hash of the clinical config, service version. */
export interface RowVersions {
  rulesVersion: string;
  configHash: string;
  serviceVersion: string;
}

/** A card the service returned, without patient data: enough to compute override rates per decision. */
export interface ShownCard {
  card: string;
  serviceId: string;
  hook: string;
  hookInstance: string;
  decisionCode: string;
  indicator: string;
  shownAt: string;
  /** Codes of the override reasons offered on the card ([] when none). */
  overrideReasons: string[];
  /** The card's suggestions, uuid → label, so accepted suggestions can be reported by label ({} when none). */
  suggestions: Record<string, string>;
  /** What produced the card; absent: recorded as "unknown". */
  versions?: RowVersions;
}

/** What one feedback POST did: items in the post, and rows actually inserted (a re-posted item is stored once). */
export interface SaveResult {
  stored: number;
  new: number;
}

/** Remembers token ids for their lifetime, shared by every process that uses the same store. */
export interface ReplayMemory {
  /**
   * Records `key` until `expiresAt` (epoch seconds): 'replay' when it is already there and not expired.
   * Rejects when it cannot be recorded (the caller fails closed).
   */
  rememberJti(key: string, expiresAt: number, nowSeconds?: number): Promise<'new' | 'replay'>;
}

/**
 * Why shown-card rows were lost: the buffer was full (database down too long), the database refused the row as
 * data (e.g. a value past an index's size limit), or the process stopped while they still waited.
 */
export type ShownDropReason = 'buffer-full' | 'refused' | 'shutdown';

/** Events the store reports (metrics); every method optional so a test can pass nothing. */
export interface StoreObserver {
  storeError?(operation: string): void;
  feedbackStored?(rows: number): void;
  shownBuffered?(rows: number): void;
  /** `code`: the database's error code when it refused the row (never the row's content). */
  shownDropped?(rows: number, reason: ShownDropReason, code?: string): void;
}

export interface FeedbackStore extends ReplayMemory {
  /** The SQL dialect readQuery speaks (for the few things SQL does not say portably); absent: sqlite. */
  readonly dialect?: 'sqlite' | 'postgres';
  /**
   * Records cards as shown, for governance review joined with feedback (by card uuid). Buffered and written
   * in batches off the request path; while the database is down they wait in memory up to a bound (then dropped,
   * counted). A crash may lose the last fraction of a second of these, never feedback.
   */
  recordShown(cards: ShownCard[]): void;
  /** Writes buffered shown-card records now (resolves when written, or when the write failed and they wait). */
  flushShown(): Promise<void>;
  /**
   * Stores every item of one feedback POST atomically; resolves only once committed. Rejects with a
   * StoreDataError naming the items when the database refuses one as data (nothing stored), and with a 503
   * CdsError when it cannot be written now.
   */
  save(serviceId: string, items: Feedback[], receivedAt: Date, versions?: RowVersions): Promise<SaveResult>;
  /**
   * Read-only SQL, portable to both back ends: `?` placeholders (PostgreSQL gets $1…$n). Shown cards are flushed
   * first, so a report sees every card shown so far.
   */
  readQuery(sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]>;
  /** Shown-card rows dropped since start (buffer full, refused by the database, unwritten at exit). */
  shownDropped(): number;
  /** The same, by reason. */
  shownDroppedBy(): Record<ShownDropReason, number>;
  /** Shown-card rows waiting in memory now. */
  shownPending(): number;
  /** Whether the store can write now (for /readyz): a small write, at most once a second. */
  healthy(): Promise<boolean>;
  /** Flushes shown cards, then closes the database; rows it could not write are counted as dropped ('shutdown'). */
  close(): Promise<void>;
}
