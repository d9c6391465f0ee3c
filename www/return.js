// The hosted checkout sent the payer back here with a signed result in the query. The
// shop's server checks the signature (docs/embedding.md); this page only shows its answer.

const result = document.getElementById('return-result');
try {
  const response = await fetch(`/api/return-check${window.location.search}`);
  const check = await response.json();
  result.dataset.verified = String(check.verified);
  result.dataset.outcome = check.outcome;
  result.textContent = check.verified
    ? `Signature verified: session ${check.sessionId} is ${check.outcome}.`
    : 'This result is not signed by Orkestra Checkout: ignored.';
} catch {
  result.dataset.verified = 'false';
  result.textContent = 'Could not check the result.';
}
