import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { runConsentPage } from './host/consentPages';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
if (!runConsentPage(window.location)) createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
