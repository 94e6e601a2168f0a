import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './lib/i18n';
import './styles/index.css';
import { App } from './app/App';
import { runtimeConfig } from './config/runtime';
import { loadTawk } from './lib/tawk';
import { applyStoredTheme } from './lib/theme';

applyStoredTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

loadTawk(runtimeConfig());
