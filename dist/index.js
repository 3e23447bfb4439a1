import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-YDRP5PTH.js";

// build/heap.js
import { setFlagsFromString } from "node:v8";
var HEAP_FLAGS = ["--semi-space-growth-factor=1", "--heap-growing-percent=50"];
function sizeHeap() {
  for (const flag of HEAP_FLAGS)
    setFlagsFromString(flag);
}

// build/index.js
sizeHeap();
void run();
