// Entry point of the bundled action: the heap's sizing first, then everything happens in run().
import { sizeHeap } from './heap.js'
import { run } from './main.js'

sizeHeap()
void run()
