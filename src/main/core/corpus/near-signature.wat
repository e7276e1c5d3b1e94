;; The MinHash signature of a text's word sequences (near-index.ts signature), in WebAssembly's vector
;; instructions: 72 hash functions, each mix(shingle * a + b) in 32-bit integers (mix: murmur3's finaliser),
;; and for each the least over the sequences, as unsigned integers. Eight functions in each pass over the
;; sequences, four in each instruction. Compiled by `npm run wasm` into near-signature-wasm.ts.
;; Memory (its one page): the multipliers a at 0 (72 × 4 bytes), the offsets b at 288, the signature at 576, the
;; sequences' hashes from 1024 on. Each call lowers the signature there to the least of what it held and the
;; hashes of the n sequences given, so a text with more than a page holds is given in parts.
(module
  (memory (export "memory") 1)
  (func (export "signature") (param $n i32)
    (local $g i32) (local $i i32) (local $end i32)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $m0 v128) (local $m1 v128) (local $s v128) (local $h0 v128) (local $h1 v128)
    (local.set $end (i32.add (i32.const 1024) (i32.shl (local.get $n) (i32.const 2))))
    (loop $functions
      (local.set $a0 (v128.load (local.get $g)))
      (local.set $a1 (v128.load offset=16 (local.get $g)))
      (local.set $b0 (v128.load offset=288 (local.get $g)))
      (local.set $b1 (v128.load offset=304 (local.get $g)))
      (local.set $m0 (v128.load offset=576 (local.get $g)))
      (local.set $m1 (v128.load offset=592 (local.get $g)))
      (local.set $i (i32.const 1024))
      (block $done
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (loop $sequences
          (local.set $s (v128.load32_splat (local.get $i)))
          (local.set $h0 (i32x4.add (i32x4.mul (local.get $s) (local.get $a0)) (local.get $b0)))
          (local.set $h1 (i32x4.add (i32x4.mul (local.get $s) (local.get $a1)) (local.get $b1)))
          (local.set $h0 (v128.xor (local.get $h0) (i32x4.shr_u (local.get $h0) (i32.const 16))))
          (local.set $h1 (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 16))))
          (local.set $h0 (i32x4.mul (local.get $h0) (v128.const i32x4 0x85ebca6b 0x85ebca6b 0x85ebca6b 0x85ebca6b)))
          (local.set $h1 (i32x4.mul (local.get $h1) (v128.const i32x4 0x85ebca6b 0x85ebca6b 0x85ebca6b 0x85ebca6b)))
          (local.set $h0 (v128.xor (local.get $h0) (i32x4.shr_u (local.get $h0) (i32.const 13))))
          (local.set $h1 (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 13))))
          (local.set $h0 (i32x4.mul (local.get $h0) (v128.const i32x4 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35)))
          (local.set $h1 (i32x4.mul (local.get $h1) (v128.const i32x4 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35)))
          (local.set $h0 (v128.xor (local.get $h0) (i32x4.shr_u (local.get $h0) (i32.const 16))))
          (local.set $h1 (v128.xor (local.get $h1) (i32x4.shr_u (local.get $h1) (i32.const 16))))
          (local.set $m0 (i32x4.min_u (local.get $m0) (local.get $h0)))
          (local.set $m1 (i32x4.min_u (local.get $m1) (local.get $h1)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $sequences (i32.lt_u (local.get $i) (local.get $end)))))
      (v128.store offset=576 (local.get $g) (local.get $m0))
      (v128.store offset=592 (local.get $g) (local.get $m1))
      (local.set $g (i32.add (local.get $g) (i32.const 32)))
      (br_if $functions (i32.lt_u (local.get $g) (i32.const 288)))))
)
