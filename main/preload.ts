// Sandboxed preload (CommonJS, bundled with zod): the only bridge between the console page and main.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('omni', createBridge(ipcRenderer));
