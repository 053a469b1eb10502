// The seven expression classes in the contract's order, and formatting shared by the pages.

export const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];

export const EMOTION_LABELS = {
  angry: 'Angry',
  disgust: 'Disgust',
  fear: 'Fear',
  happy: 'Happy',
  sad: 'Sad',
  surprise: 'Surprise',
  neutral: 'Neutral',
};

// Each at least 3:1 against white (WCAG 1.4.11, graphics), and distinguishable from one another.
export const EMOTION_COLORS = {
  angry: '#c62828',
  disgust: '#4e7d14',
  fear: '#6a1b9a',
  happy: '#a35a00',
  sad: '#1565c0',
  surprise: '#00796b',
  neutral: '#546e7a',
};

const STATUSES = ['notScheduled', 'scheduled', 'live', 'ended', 'cancelled'];

/** 'Live', 'live' or 2 → 'live'. */
export function statusOf(value) {
  if (typeof value === 'number') return STATUSES[value] ?? 'unknown';
  if (typeof value !== 'string') return 'unknown';
  const lower = value.charAt(0).toLowerCase() + value.slice(1);
  return STATUSES.includes(lower) ? lower : lower.toLowerCase();
}

export const STATUS_LABELS = {
  notScheduled: 'Not scheduled',
  scheduled: 'Scheduled',
  live: 'Live',
  ended: 'Ended',
  cancelled: 'Cancelled',
  unknown: 'Unknown',
};

/** 'Happy', 'happy' or 3 → 'happy'; null stays null. */
export function emotionOf(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return EMOTIONS[value] ?? null;
  const lower = String(value).toLowerCase();
  return EMOTIONS.includes(lower) ? lower : null;
}

export function emotionLabel(value) {
  const emotion = emotionOf(value);
  return emotion ? EMOTION_LABELS[emotion] : '—';
}

/** The index and value of the largest entry. */
export function top(distribution) {
  if (!Array.isArray(distribution) || distribution.length === 0) return null;
  let best = 0;
  for (let i = 1; i < distribution.length; i++) if (distribution[i] > distribution[best]) best = i;
  return { emotion: EMOTIONS[best], value: distribution[best] };
}

export const percent = (value, digits = 0) =>
  typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : '—';

export const signed = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}` : '—';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

export const formatDateTime = (value) => (value ? dateTime.format(new Date(value)) : '—');
export const formatTime = (value) => (value ? timeOnly.format(new Date(value)) : '—');
export const formatClock = (value) => (value ? clock.format(new Date(value)) : '—');
export const formatDay = (value) => (value ? dayOnly.format(new Date(value)) : '—');

/** A .NET TimeSpan as System.Text.Json writes it ("[d.]hh:mm:ss[.fffffff]") → seconds. */
export function timeSpanSeconds(value) {
  if (typeof value === 'number') return value;
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(String(value ?? ''));
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/**
 * How trustworthy the current picture is, from the share of frames with a face and the mean classifier confidence.
 * A rough guide for the therapist, not a statistic.
 */
export function quality(facePresentShare, meanConfidence, frames) {
  if (!frames) return { level: 'none', label: 'No frames yet' };
  if (facePresentShare < 0.5) return { level: 'poor', label: 'Poor: the face is often not visible' };
  if (meanConfidence < 0.4) return { level: 'fair', label: 'Fair: the model is often unsure' };
  if (facePresentShare < 0.8) return { level: 'fair', label: 'Fair: the face is sometimes not visible' };
  return { level: 'good', label: 'Good' };
}
