/** Full page, because nothing else can work until the page is opened with its token. */
export function SignInNeeded() {
  return (
    <main className="sign-in-needed" role="alert">
      <h1>Ops Console</h1>
      <p className="sign-in-needed-message">Open the address Ops Console printed (with its #token=…)</p>
      <p className="muted">
        This page is not signed in to the Ops Console that serves it. The address with the token is printed in the terminal
        where you started it (<code>npm run serve</code>). If Ops Console was restarted, it printed a new one.
      </p>
    </main>
  );
}
