import { Api } from '../api.js';
import { h } from '../dom.js';

export async function loginPage(root, { navigate, signedIn, homeOf, setBanner, me }) {
  if (me) {
    navigate(homeOf(me));
    return null;
  }

  const error = h('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true, maxlength: '254' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');

  const form = h('form', {
    class: 'card form narrow',
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      error.hidden = true;
      if (!email.value.trim() || !password.value) {
        error.textContent = 'Enter your email and password.';
        error.hidden = false;
        (email.value.trim() ? password : email).focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = 'Signing in…';
      try {
        const user = await Api.login(email.value.trim(), password.value);
        setBanner(null);
        signedIn(user);
        const after = sessionStorage.getItem('emotecare.after-login');
        sessionStorage.removeItem('emotecare.after-login');
        navigate(after && after !== '#/login' ? after : homeOf(user));
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
        submit.textContent = 'Sign in';
      }
    },
  },
  h('h1', null, 'Sign in to EmoteCare'),
  h('p', { class: 'muted' }, 'For patients and therapists. Your clinic gives you your email and first password.'),
  error,
  h('div', { class: 'field' }, h('label', { for: 'email' }, 'Email'), email),
  h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
  submit);

  root.append(form);
  return null;
}
