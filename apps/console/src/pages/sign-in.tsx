import { useEffect, useRef, useState } from 'preact/hooks';

import { call } from '../api';
import { Session, sessionOf } from '../session';
import { asApiError } from '../ui/use-api';

interface Props {
  readonly notice: string;
  onSignIn(session: Session): void;
}

/**
 * Takes a bearer token. Locally the API offers the development token it
 * printed at start-up, so the field comes pre-filled.
 */
export function SignIn({ notice, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    field.current?.focus();
    fetch('/console/config.json')
      .then((r) => (r.ok ? r.json() : {}))
      .then((config: { devToken?: string }) => {
        if (config.devToken) setToken((t) => t || config.devToken!);
      })
      .catch(() => undefined);
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const session = sessionOf(token);
    if (!session) {
      setError('That is not a token: paste the whole JWT.');
      return;
    }
    setBusy(true);
    try {
      // Any signed-in user may read their notifications: a cheap check
      // that the API accepts the token before the console uses it.
      await call(session, '/v1/me/notifications?limit=1');
      onSignIn(session);
    } catch (reason) {
      setError(asApiError(reason).message);
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in">
      <h1>Operator console</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="token">Access token</label>
        <textarea
          id="token"
          ref={field}
          rows={5}
          value={token}
          spellcheck={false}
          aria-describedby="token-help"
          aria-invalid={error ? true : undefined}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p id="token-help" class="help">
          A bearer token (JWT) from your identity provider, or the development
          token printed by <code>npm start</code>.
        </p>
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" disabled={busy || !token.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
