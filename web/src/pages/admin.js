// The admin's accounts page: every patient and therapist, with a control to disable an account or enable it again.
// Admins read no insights, so this page shows accounts only. Admin accounts are not listed: they are not disabled here.
import { Api } from '../api.js';
import { h, replace, scroller } from '../dom.js';
import { actionButton, errorBox } from './common.js';

export async function adminAccounts(root) {
  const list = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  root.append(
    h('h1', null, 'Accounts'),
    h('p', null, 'A disabled account cannot sign in, and its open pages and live sessions end at once. Enabling it again ',
      'lets its owner sign in with the same password. Create accounts and assign patients through ',
      h('a', { href: '/swagger' }, 'the API page'), '.'),
    h('section', { 'aria-labelledby': 'accounts-heading' }, h('h2', { id: 'accounts-heading' }, 'Patients and therapists'), list));

  const row = (account) => {
    const status = h('td', { 'data-testid': 'account-status' });
    const actions = h('td', { class: 'actions' });
    const render = () => {
      status.textContent = account.disabled ? 'Disabled' : 'Active';
      replace(actions, account.disabled
        ? actionButton('Enable', async () => {
          await Api.enableAccount(account.id);
          account.disabled = false;
          render();
        }, { 'aria-label': `Enable ${account.name}` })
        : actionButton('Disable', async () => {
          if (!window.confirm(`Disable ${account.name}? They are signed out everywhere and cannot sign in until enabled again.`)) return;
          await Api.disableAccount(account.id);
          account.disabled = true;
          render();
        }, { class: 'danger', 'aria-label': `Disable ${account.name}` }));
    };
    render();
    return h('tr', { 'data-account-id': account.id },
      h('td', null, account.name), h('td', null, account.email ?? ''), h('td', null, account.role), status, actions);
  };

  try {
    const [patients, therapists] = await Promise.all([Api.patients(), Api.therapists()]);
    const accounts = [
      ...therapists.map((t) => ({ id: t.id, name: t.displayName, email: t.email, role: 'Therapist', disabled: t.disabled })),
      ...patients.map((p) => ({ id: p.id, name: p.pseudonym, email: p.email, role: 'Patient', disabled: Boolean(p.disabled) })),
    ];
    list.removeAttribute('aria-busy');
    replace(list, accounts.length
      ? scroller(h('table', { class: 'table' },
        h('caption', { class: 'sr-only' }, 'Patients and therapists'),
        h('thead', null, h('tr', null, ['Name', 'Email', 'Role', 'Status', 'Actions'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', null, accounts.map(row))), 'Patients and therapists')
      : h('p', null, 'No patients or therapists yet.'));
  } catch (error) {
    list.removeAttribute('aria-busy');
    replace(list, errorBox(error));
  }
}
