/** The version of ../shared/clinical-rules.md these rules implement: recorded on every card shown and every feedback item. */
export const RULES_VERSION = '3';
