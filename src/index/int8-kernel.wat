;; Int8 dot products for the vector stores (src/index/int8-kernel.ts), in WebAssembly SIMD.
;; A store's vectors are int8 (dim values each, dim a multiple of 16) with one float32 scale per vector; the query is
;; int16 (the JS side scales it to ±16383, so 4 lanes × dim/8 products of |127·16383| cannot overflow an i32 for
;; dim ≤ 2048). Each score is (Σ v·q) · scale[slot] · qscale. All offsets are byte offsets in the exported memory.
(module
  (memory (export "memory") 1)

  ;; Σ v·q for the vector at byte offset $v (dim int8 values) and the int16 query at $q.
  (func $dot (param $v i32) (param $q i32) (param $dim i32) (result i32)
    (local $acc v128) (local $x v128) (local $end i32)
    (local.set $end (i32.add (local.get $v) (local.get $dim)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
        (local.set $x (v128.load (local.get $v)))
        (local.set $acc
          (i32x4.add (local.get $acc)
            (i32x4.add
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (v128.load (local.get $q)))
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (v128.load offset=16 (local.get $q))))))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $next)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; out[i] = the best score of vector i against nq queries (contiguous at $q, their scales at $qscales), for i in
  ;; [0, count): a whole store in one pass, each vector read from memory once whatever the number of queries.
  (func (export "scan") (param $values i32) (param $scales i32) (param $count i32) (param $dim i32)
                        (param $q i32) (param $nq i32) (param $qscales i32) (param $out i32)
    (local $i i32) (local $m i32) (local $best f32) (local $s f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $best (f32.const -inf))
        (local.set $m (i32.const 0))
        (block $queried
          (loop $query
            (br_if $queried (i32.ge_u (local.get $m) (local.get $nq)))
            (local.set $s
              (f32.mul
                (f32.convert_i32_s
                  (call $dot (local.get $values) (i32.add (local.get $q) (i32.mul (local.get $m) (i32.shl (local.get $dim) (i32.const 1)))) (local.get $dim)))
                (f32.load (i32.add (local.get $qscales) (i32.shl (local.get $m) (i32.const 2))))))
            (local.set $best (f32.max (local.get $best) (local.get $s)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $query)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.mul (local.get $best) (f32.load (i32.add (local.get $scales) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $values (i32.add (local.get $values) (local.get $dim)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; out[k] = score of vector slots[k], for k in [0, n): candidates and one city's rows.
  (func (export "gather") (param $values i32) (param $scales i32) (param $slots i32) (param $n i32) (param $dim i32)
                          (param $q i32) (param $qscale f32) (param $out i32)
    (local $k i32) (local $slot i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $slot (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
          (f32.mul
            (f32.mul
              (f32.convert_i32_s (call $dot (i32.add (local.get $values) (i32.mul (local.get $slot) (local.get $dim))) (local.get $q) (local.get $dim)))
              (local.get $qscale))
            (f32.load (i32.add (local.get $scales) (i32.shl (local.get $slot) (i32.const 2))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; out[k] = the best score of vector slots[k] against nq queries, for k in [0, n): what `gather` gives for each query
  ;; and the maximum taken after (the scale is positive, so multiplying by it last keeps the maximum), with each
  ;; vector read from memory once. Several source vectors (a clause and its sentences) gather the same candidates.
  (func (export "gather_best") (param $values i32) (param $scales i32) (param $slots i32) (param $n i32) (param $dim i32)
                               (param $q i32) (param $nq i32) (param $qscales i32) (param $out i32)
    (local $k i32) (local $slot i32) (local $v i32) (local $m i32) (local $best f32) (local $s f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $slot (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (i32.add (local.get $values) (i32.mul (local.get $slot) (local.get $dim))))
        (local.set $best (f32.const -inf))
        (local.set $m (i32.const 0))
        (block $queried
          (loop $query
            (br_if $queried (i32.ge_u (local.get $m) (local.get $nq)))
            (local.set $s
              (f32.mul
                (f32.convert_i32_s
                  (call $dot (local.get $v) (i32.add (local.get $q) (i32.mul (local.get $m) (i32.shl (local.get $dim) (i32.const 1)))) (local.get $dim)))
                (f32.load (i32.add (local.get $qscales) (i32.shl (local.get $m) (i32.const 2))))))
            (local.set $best (f32.max (local.get $best) (local.get $s)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $query)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
          (f32.mul (local.get $best) (f32.load (i32.add (local.get $scales) (i32.shl (local.get $slot) (i32.const 2))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))
  ;; out[k] (float64) = (Σ_j q[j]·v[j]) · scale[slots[k]] with q float64 (dim values at $q), v the int8 vector at slot
  ;; slots[k]: the JS reference dot product (QuantizedVectors.dot) operation for operation — each product exact,
  ;; the sum in order j = 0, 1, …, in float64 — so the same bits, without JavaScript's bounds checks. Four vectors
  ;; per pass over the query, each with its own sum.
  (func (export "dots_f64") (param $values i32) (param $scales i32) (param $slots i32) (param $n i32) (param $dim i32)
                            (param $q i32) (param $out i32)
    (local $k i32) (local $j i32) (local $x f64)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $v0 i32) (local $v1 i32) (local $v2 i32) (local $v3 i32)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64)
    (block $quads
      (loop $quad
        (br_if $quads (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $n)))
        (local.set $s0 (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $s1 (i32.load offset=4 (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $s2 (i32.load offset=8 (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $s3 (i32.load offset=12 (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v0 (i32.add (local.get $values) (i32.mul (local.get $s0) (local.get $dim))))
        (local.set $v1 (i32.add (local.get $values) (i32.mul (local.get $s1) (local.get $dim))))
        (local.set $v2 (i32.add (local.get $values) (i32.mul (local.get $s2) (local.get $dim))))
        (local.set $v3 (i32.add (local.get $values) (i32.mul (local.get $s3) (local.get $dim))))
        (local.set $a0 (f64.const 0))
        (local.set $a1 (f64.const 0))
        (local.set $a2 (f64.const 0))
        (local.set $a3 (f64.const 0))
        (local.set $j (i32.const 0))
        (block $summed
          (loop $sum
            (br_if $summed (i32.ge_u (local.get $j) (local.get $dim)))
            (local.set $x (f64.load (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $x) (f64.convert_i32_s (i32.load8_s (i32.add (local.get $v0) (local.get $j)))))))
            (local.set $a1 (f64.add (local.get $a1) (f64.mul (local.get $x) (f64.convert_i32_s (i32.load8_s (i32.add (local.get $v1) (local.get $j)))))))
            (local.set $a2 (f64.add (local.get $a2) (f64.mul (local.get $x) (f64.convert_i32_s (i32.load8_s (i32.add (local.get $v2) (local.get $j)))))))
            (local.set $a3 (f64.add (local.get $a3) (f64.mul (local.get $x) (f64.convert_i32_s (i32.load8_s (i32.add (local.get $v3) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sum)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.mul (local.get $a0) (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $s0) (i32.const 2)))))))
        (f64.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.mul (local.get $a1) (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $s1) (i32.const 2)))))))
        (f64.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.mul (local.get $a2) (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $s2) (i32.const 2)))))))
        (f64.store offset=24 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.mul (local.get $a3) (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $s3) (i32.const 2)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $quad)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $s0 (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v0 (i32.add (local.get $values) (i32.mul (local.get $s0) (local.get $dim))))
        (local.set $a0 (f64.const 0))
        (local.set $j (i32.const 0))
        (block $summed1
          (loop $sum1
            (br_if $summed1 (i32.ge_u (local.get $j) (local.get $dim)))
            (local.set $a0 (f64.add (local.get $a0)
              (f64.mul (f64.load (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 3))))
                       (f64.convert_i32_s (i32.load8_s (i32.add (local.get $v0) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sum1)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.mul (local.get $a0) (f64.promote_f32 (f32.load (i32.add (local.get $scales) (i32.shl (local.get $s0) (i32.const 2)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))
)