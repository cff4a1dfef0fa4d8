import type { Report } from '../compute.js';

export const toJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;
