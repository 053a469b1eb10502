// EmoteCare's browser app: a hash router over a handful of pages, for patients, therapists and admins.
import { Api, onSignedOut } from './api.js';
import { focusHeading, h, replace } from './dom.js';
import { loginPage } from './pages/login.js';
import { patientHome } from './pages/patient-home.js';
import { consentPage } from './pages/consent.js';
import { patientSession } from './pages/patient-session.js';
import { patientHistory } from './pages/patient-history.js';
import { patientChat } from './pages/patient-chat.js';
import { therapistChat } from './pages/therapist-chat.js';
import { therapistHome } from './pages/therapist-home.js';
import { dashboardPage } from './pages/dashboard.js';
import { summaryPage } from './pages/summary.js';
import { trendsPage } from './pages/trends.js';
import { errorBox } from './pages/common.js';
import { adminAccounts } from './pages/admin.js';
import { patientResources, resourceLibrary, resourcePage, therapistResources } from './pages/resources.js';
import { allocationQueuePage, intakePage, practicePage } from './pages/allocation.js';
import { calendarPage } from './pages/calendar.js';

const routes = [
  { pattern: /^\/login$/, page: loginPage, role: null, title: 'Sign in' },
  { pattern: /^\/patient$/, page: patientHome, role: 'patient', title: 'Your sessions' },
  { pattern: /^\/patient\/consent\/([^/]+)$/, page: consentPage, role: 'patient', title: 'Facial analysis: your choice' },
  { pattern: /^\/patient\/session\/([^/]+)$/, page: patientSession, role: 'patient', title: 'Live session' },
  { pattern: /^\/patient\/history$/, page: patientHistory, role: 'patient', title: 'Your history' },
  { pattern: /^\/patient\/chat$/, page: patientChat, role: 'patient', title: 'Support chat' },
  { pattern: /^\/therapist$/, page: therapistHome, role: 'therapist', title: 'Caseload and today\'s sessions' },
  { pattern: /^\/therapist\/session\/([^/]+)$/, page: dashboardPage, role: 'therapist', title: 'Live dashboard' },
  { pattern: /^\/therapist\/patients\/([^/]+)$/, page: trendsPage, role: 'therapist', title: 'Patient trends' },
  { pattern: /^\/therapist\/chat\/([^/]+)$/, page: therapistChat, role: 'therapist', title: 'Shared support chat' },
  { pattern: /^\/summary\/([^/]+)$/, page: summaryPage, role: ['patient', 'therapist'], title: 'Session summary' },
  { pattern: /^\/resources$/, page: resourceLibrary, role: ['patient', 'therapist'], title: 'Resource library' },
  { pattern: /^\/resources\/([^/]+)$/, page: resourcePage, role: ['patient', 'therapist'], title: 'Resource' },
  { pattern: /^\/patient\/resources$/, page: patientResources, role: 'patient', title: 'Resources from your therapist' },
  { pattern: /^\/therapist\/resources$/, page: therapistResources, role: 'therapist', title: 'Assign resources' },
  { pattern: /^\/patient\/intake$/, page: intakePage, role: 'patient', title: 'Finding your therapist' },
  { pattern: /^\/therapist\/profile$/, page: practicePage, role: 'therapist', title: 'Your practice profile' },
  { pattern: /^\/calendar$/, page: calendarPage, role: ['patient', 'therapist'], title: 'Calendar' },
  { pattern: /^\/admin$/, page: adminAccounts, role: 'admin', title: 'Accounts' },
  { pattern: /^\/admin\/allocation$/, page: allocationQueuePage, role: 'admin', title: 'Allocation' },
  { pattern: /^\/admin\/therapists\/([^/]+)$/, page: practicePage, role: 'admin', title: 'Practice profile' },
];

const NAV = {
  patient: [['#/patient', 'Sessions'], ['#/calendar', 'Calendar'], ['#/patient/history', 'History'], ['#/patient/resources', 'Your resources'], ['#/patient/chat', 'Support chat'], ['#/resources', 'Library'], ['#/patient/intake', 'Your therapist']],
  therapist: [['#/therapist', 'Caseload and sessions'], ['#/calendar', 'Calendar'], ['#/therapist/resources', 'Assign resources'], ['#/resources', 'Library'], ['#/therapist/profile', 'Practice profile']],
  admin: [['#/admin', 'Accounts'], ['#/admin/allocation', 'Allocation']],
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const banner = document.getElementById('banner');

let me = null;
let routeToken = 0;
let cleanup = null;

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function homeOf(user) {
  if (!user) return '#/login';
  return user.role === 'therapist' ? '#/therapist' : user.role === 'patient' ? '#/patient' : '#/admin';
}

function setBanner(message, kind = 'info') {
  replace(banner, message ? h('p', { class: `banner banner-${kind}` }, message) : null);
}

function renderChrome() {
  const path = currentPath();
  replace(nav, me ? h('ul', null, (NAV[me.role] ?? []).map(([href, label]) =>
    h('li', null, h('a', { href, 'aria-current': path === href.slice(1) ? 'page' : null }, label)))) : null);
  replace(account, me
    ? [h('span', { class: 'who' }, `${me.displayName} (${me.role})`),
      h('button', { type: 'button', class: 'link-button', onclick: signOut }, 'Sign out')]
    : null);
  updateNotificationBadge();
}

/** The unread count on the Calendar link: a badge with words, not colour alone. */
async function updateNotificationBadge() {
  const link = nav.querySelector('a[href="#/calendar"]');
  if (!link || !me || (me.role !== 'patient' && me.role !== 'therapist')) return;
  const result = await Api.notifications().catch(() => null);
  link.querySelector('.count-badge')?.remove();
  if (result?.unread > 0) link.append(' ', h('span', { class: 'count-badge', 'data-testid': 'notification-badge' }, `${result.unread} new`));
}

document.addEventListener('notifications-read', () => updateNotificationBadge());

async function signOut() {
  await runCleanup();
  await Api.logout().catch(() => {});
  me = null;
  setBanner('You are signed out.');
  navigate('#/login');
}

async function runCleanup() {
  const current = cleanup;
  cleanup = null;
  if (current) await Promise.resolve(current()).catch(() => {});
}

function currentPath() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  return hash.split('?')[0];
}

async function route() {
  const token = ++routeToken;
  await runCleanup();
  if (token !== routeToken) return;

  const path = currentPath();
  if (path === '/' || path === '') {
    location.replace(homeOf(me));
    return;
  }

  const root = h('div', { class: 'page' });
  replace(main, root);

  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    renderChrome();
    replace(root, h('h1', null, 'Page not found'), h('p', null, h('a', { href: homeOf(me) }, 'Go to the start page')));
    focusHeading(root);
    return;
  }

  const { r, m } = match;
  if (r.role && !me) {
    sessionStorage.setItem('emotecare.after-login', location.hash);
    location.replace('#/login');
    return;
  }
  const roles = Array.isArray(r.role) ? r.role : r.role ? [r.role] : null;
  if (roles && !roles.includes(me.role)) {
    location.replace(homeOf(me));
    return;
  }

  document.title = `${r.title} · EmoteCare`;
  renderChrome();
  const context = {
    me,
    params: m.slice(1).map(decodeURIComponent),
    alive: () => token === routeToken,
    navigate,
    setBanner,
    signedIn: (user) => {
      me = user;
      renderChrome();
    },
    homeOf,
  };

  let pageCleanup = null;
  try {
    pageCleanup = await r.page(root, context);
  } catch (error) {
    replace(root, h('h1', null, r.title), errorBox(error));
  }
  if (token !== routeToken) {
    if (pageCleanup) await Promise.resolve(pageCleanup()).catch(() => {});
    return;
  }
  cleanup = pageCleanup ?? null;
  focusHeading(root);
}

onSignedOut(async (error) => {
  if (!me) return;
  me = null;
  await runCleanup();
  setBanner(error?.reason ?? 'Your sign-in has expired. Please sign in again.', 'warning');
  sessionStorage.setItem('emotecare.after-login', location.hash);
  navigate('#/login');
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') route();
});
window.addEventListener('pagehide', () => {
  runCleanup();
});

async function boot() {
  try {
    me = await Api.me();
  } catch {
    me = null;
  }
  if (!location.hash.startsWith('#/')) location.replace(homeOf(me));
  else route();
}

boot();
