import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { Me } from '../api/types.js';
import { Field } from '../components/field.js';
import { Notice } from '../components/notice.js';

/**
 * The token is posted once and forgotten: the server answers with an HttpOnly session cookie, and
 * the input is cleared. It never reaches localStorage or a URL.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }): JSX.Element {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const me = await api<Me>('POST', '/console/session', { token: token.trim() });
      setToken('');
      onSignedIn(me);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <main class="narrow">
      <h1>Sign in</h1>
      <form onSubmit={(e) => void submit(e)}>
        <Field
          label="Admin or company token"
          type="password"
          value={token}
          onInput={setToken}
          autoComplete="current-password"
          required
        />
        {error ? <Notice kind="error">{error}</Notice> : null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
