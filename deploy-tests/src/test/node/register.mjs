// node --import register.mjs: resolves the k6 built-in modules to the stubs beside this file.
import { register } from 'node:module';

register(new URL('./k6-loader.mjs', import.meta.url));
