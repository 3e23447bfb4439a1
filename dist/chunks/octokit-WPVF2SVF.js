import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  GitHubApiError,
  gitHubApi
} from "./chunk-R25LTEA4.js";
export {
  GitHubApiError,
  gitHubApi
};
