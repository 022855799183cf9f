// First: zod's settings hold for every schema the modules below build.
import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { beginStartup } from './app/startup';
import { runConsentPage } from './host/consentPages';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
if (!runConsentPage(window.location)) {
  // The configuration and /api/me are asked for now, while React renders its first frame.
  beginStartup();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
