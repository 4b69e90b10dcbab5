/*
 * _ringcore: the hot path of ipc.ring in C (write frame + CRC32C + publish;
 * read + verify + release; batch variants). ipc/_pycore.py is the readable
 * reference; both produce and accept identical bytes (tests check it).
 *
 * Memory ordering: the producer writes the whole frame, then publishes `head`
 * with a release store; the consumer loads `head` with an acquire load before
 * reading frame bytes, copies the frame out, then publishes `tail` with a
 * release store. On x86-64 these compile to plain MOVs (TSO already orders
 * store->store and load->load); the atomics also make the code correct on
 * weaker architectures. The doorbell check (store head, then load the
 * consumer's `sleeping` flag) is a store->load pattern, which x86 may reorder:
 * a full fence sits between them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

/* ---- layout: mirrors ipc/layout.py and ipc/frame.py --------------------- */
#define CTRL_SIZE 4096
#define FRAME_MAGIC 0x46525653u
#define PAD_MAGIC (FRAME_MAGIC ^ 0xFFFFFFFFu)
#define FRAME_VERSION 2
#define HDR 48
#define CRC_OFF 44
#define Q_HEAD 32
#define Q_SEQ_SENT 33
#define Q_FRAMES_SENT 34
#define Q_BYTES_SENT 35
#define Q_FULL 36
#define Q_DROPS 37
#define Q_HIGH_WATER 38
#define Q_TAIL 48
#define Q_SEQ_RECV 49
#define Q_FRAMES_RECV 50
#define Q_BYTES_RECV 51
#define Q_CRC_FAIL 52
#define Q_DUPLICATES 53
#define Q_DECODE_ERR 54
#define Q_SLEEPING 55
#define Q_LAST_CORRUPT 56

#define LD_ACQ(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define LD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ST_REL(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define ST(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

static PyObject *BadCallId;
static PyObject *EmptyStr;
static PyObject *S_source, *S_target, *S_call_id, *S_seq, *S_body, *S_ts_ns;

/* ---- CRC32C (Castagnoli), same values as the `crc32c` package ------------ */
static uint32_t crc_table[8][256];
static int have_sse42 = 0;

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
#if defined(__x86_64__)
    __builtin_cpu_init();
    have_sse42 = __builtin_cpu_supports("sse4.2") ? 1 : 0;
#endif
}

static uint32_t crc_sw(uint32_t crc, const uint8_t *p, size_t n) {
    crc = ~crc;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        w ^= crc;
        crc = crc_table[7][w & 0xff] ^ crc_table[6][(w >> 8) & 0xff] ^ crc_table[5][(w >> 16) & 0xff] ^
              crc_table[4][(w >> 24) & 0xff] ^ crc_table[3][(w >> 32) & 0xff] ^
              crc_table[2][(w >> 40) & 0xff] ^ crc_table[1][(w >> 48) & 0xff] ^ crc_table[0][w >> 56];
        p += 8;
        n -= 8;
    }
    while (n--) crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc_hw(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t c = ~crc;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = _mm_crc32_u64(c, w);
        p += 8;
        n -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (n--) c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}
#endif

static inline uint32_t crc32c(uint32_t crc, const uint8_t *p, size_t n) {
#if defined(__x86_64__)
    if (have_sse42) return crc_hw(crc, p, n);
#endif
    return crc_sw(crc, p, n);
}

/* ---- helpers ------------------------------------------------------------- */
static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* "" -> zeros; 32 hex digits or a hyphenated UUID -> 16 bytes. -1 with BadCallId set. */
static int parse_call(PyObject *s, uint8_t out[16]) {
    if (s == Py_None) { memset(out, 0, 16); return 0; }
    if (!PyUnicode_Check(s)) {
        PyErr_Format(BadCallId, "call_id must be a str, not %.50s", Py_TYPE(s)->tp_name);
        return -1;
    }
    Py_ssize_t n;
    const char *c = PyUnicode_AsUTF8AndSize(s, &n);
    if (!c) return -1;
    if (n == 0) { memset(out, 0, 16); return 0; }
    char buf[32];
    if (n == 32) memcpy(buf, c, 32);
    else if (n == 36 && c[8] == '-' && c[13] == '-' && c[18] == '-' && c[23] == '-') {
        int j = 0;
        for (int i = 0; i < 36; i++) if (c[i] != '-') { if (j >= 32) goto bad; buf[j++] = c[i]; }
        if (j != 32) goto bad;
    } else goto bad;
    for (int i = 0; i < 16; i++) {
        int hi = hexval(buf[2 * i]), lo = hexval(buf[2 * i + 1]);
        if (hi < 0 || lo < 0) goto bad;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
bad:
    PyErr_Format(BadCallId, "call_id %R is not a UUID; use uuid.uuid4().hex (or '' for no call)", s);
    return -1;
}

static PyObject *call_str(const uint8_t b[16]) {
    static const char hx[] = "0123456789abcdef";
    int zero = 1;
    for (int i = 0; i < 16; i++) if (b[i]) { zero = 0; break; }
    if (zero) { Py_INCREF(EmptyStr); return EmptyStr; }
    PyObject *s = PyUnicode_New(32, 127);
    if (!s) return NULL;
    Py_UCS1 *d = PyUnicode_1BYTE_DATA(s);
    for (int i = 0; i < 16; i++) { d[2 * i] = hx[b[i] >> 4]; d[2 * i + 1] = hx[b[i] & 15]; }
    return s;
}

/* ---- the RingCore type ---------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    Py_buffer view;
    int has_view;
    uint64_t *ctl;
    uint8_t *data;
    uint64_t cap;
    uint64_t max_frame;
    int src, dst;
    /* Manual commit (at-least-once consumers): reads advance the private cursor
     * rtail/rseq; the shared tail and last-seq move only at commit(), after the
     * handler is done, so a consumer killed mid-handler gets the frame again. */
    int deferred;
    uint64_t rtail, rseq;
} RingCore;

/* The consumer's read position and last delivered seq: shared (auto commit) or private. */
static inline uint64_t cur_tail(RingCore *s) { return s->deferred ? s->rtail : LD(&s->ctl[Q_TAIL]); }
static inline void set_tail(RingCore *s, uint64_t t) {
    if (s->deferred) s->rtail = t; else ST_REL(&s->ctl[Q_TAIL], t); /* release: the copy happened first */
}
static inline uint64_t last_seq(RingCore *s) { return s->deferred ? s->rseq : LD(&s->ctl[Q_SEQ_RECV]); }
static inline void set_seq(RingCore *s, uint64_t q) {
    if (s->deferred) s->rseq = q; else ST(&s->ctl[Q_SEQ_RECV], q);
}

static int core_init(RingCore *self, PyObject *args, PyObject *kw) {
    PyObject *buf;
    unsigned long long cap, maxf;
    int src, dst;
    if (!PyArg_ParseTuple(args, "OKKii", &buf, &cap, &maxf, &src, &dst)) return -1;
    if (self->has_view) { PyBuffer_Release(&self->view); self->has_view = 0; }
    if (PyObject_GetBuffer(buf, &self->view, PyBUF_WRITABLE) < 0) return -1;
    self->has_view = 1;
    if ((uint64_t)self->view.len < CTRL_SIZE + cap || cap % 8 || maxf > cap || maxf < 64) {
        PyErr_SetString(PyExc_ValueError, "buffer does not match capacity/max_frame");
        return -1;
    }
    self->ctl = (uint64_t *)self->view.buf;
    self->data = (uint8_t *)self->view.buf + CTRL_SIZE;
    self->cap = cap;
    self->max_frame = maxf;
    self->src = src;
    self->dst = dst;
    self->deferred = 0;
    self->rtail = 0;
    self->rseq = 0;
    return 0;
}

static void core_dealloc(RingCore *self) {
    if (self->has_view) PyBuffer_Release(&self->view);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

#define CHECK_OPEN(self) \
    if (!(self)->has_view) { PyErr_SetString(PyExc_ValueError, "ring core released"); return NULL; }

static PyObject *core_release(RingCore *self, PyObject *unused) {
    if (self->has_view) { PyBuffer_Release(&self->view); self->has_view = 0; }
    self->ctl = NULL;
    self->data = NULL;
    Py_RETURN_NONE;
}

/* Producer: write one frame at `*head` (local, unpublished). Returns -1 too large,
 * 0 full, 1 written. `*tail` is a cached tail, refreshed when space looks short. */
static inline int put_frame(RingCore *s, uint64_t *head, uint64_t *tail, int src, int tgt, int kind,
                            uint64_t seq, uint64_t ts, const uint8_t call[16], const uint8_t *body,
                            size_t blen) {
    uint64_t cap = s->cap, rec = (HDR + blen + 7) & ~(uint64_t)7;
    if (rec > s->max_frame) return -1;
    uint64_t off = *head % cap;
    if (off + rec > cap) {
        if (*head + (cap - off) - *tail > cap) {
            *tail = LD_ACQ(&s->ctl[Q_TAIL]);
            if (*head + (cap - off) - *tail > cap) return 0;
        }
        uint32_t pm = PAD_MAGIC;
        memcpy(s->data + off, &pm, 4);
        *head += cap - off;
        ST_REL(&s->ctl[Q_HEAD], *head); /* publish the pad alone (see _pycore.send_frame) */
        off = 0;
    }
    if (*head + rec - *tail > cap) {
        *tail = LD_ACQ(&s->ctl[Q_TAIL]);
        if (*head + rec - *tail > cap) return 0;
    }
    uint64_t last = LD(&s->ctl[Q_SEQ_SENT]);
    if (seq == 0) seq = last + 1;
    if (seq > last) ST(&s->ctl[Q_SEQ_SENT], seq); /* before publication: a crash leaves a gap */
    uint8_t *p = s->data + off;
    uint32_t magic = FRAME_MAGIC, bl = (uint32_t)blen, crc;
    if (!ts) ts = now_ns();
    memcpy(p, &magic, 4);
    p[4] = FRAME_VERSION;
    p[5] = (uint8_t)src;
    p[6] = (uint8_t)tgt;
    p[7] = (uint8_t)kind;
    memcpy(p + 8, &seq, 8);
    memcpy(p + 16, &ts, 8);
    memcpy(p + 24, call, 16);
    memcpy(p + 40, &bl, 4);
    memcpy(p + HDR, body, blen);
    crc = crc32c(crc32c(0, p, CRC_OFF), p + HDR, blen);
    memcpy(p + CRC_OFF, &crc, 4);
    ST(&s->ctl[Q_FRAMES_SENT], LD(&s->ctl[Q_FRAMES_SENT]) + 1);
    ST(&s->ctl[Q_BYTES_SENT], LD(&s->ctl[Q_BYTES_SENT]) + blen);
    *head += rec;
    uint64_t used = *head - *tail;
    if (used > LD(&s->ctl[Q_HIGH_WATER])) ST(&s->ctl[Q_HIGH_WATER], used);
    return 1;
}

static inline int publish(RingCore *s, uint64_t head) {
    ST_REL(&s->ctl[Q_HEAD], head); /* publication: every frame byte above is visible first */
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* store head -> load sleeping (doorbell) */
    return LD(&s->ctl[Q_SLEEPING]) ? 2 : 1;
}

static int get_body(PyObject *o, Py_buffer *b, const uint8_t **p, size_t *n) {
    if (PyBytes_CheckExact(o)) {
        *p = (const uint8_t *)PyBytes_AS_STRING(o);
        *n = (size_t)PyBytes_GET_SIZE(o);
        b->obj = NULL;
        return 0;
    }
    if (PyObject_GetBuffer(o, b, PyBUF_SIMPLE) < 0) return -1;
    *p = b->buf;
    *n = (size_t)b->len;
    return 0;
}

static PyObject *core_send_raw(RingCore *self, PyObject *o) {
    CHECK_OPEN(self);
    Py_buffer b;
    const uint8_t *p;
    size_t n;
    static const uint8_t zero[16] = {0};
    if (get_body(o, &b, &p, &n) < 0) return NULL;
    uint64_t head = LD(&self->ctl[Q_HEAD]), tail = LD_ACQ(&self->ctl[Q_TAIL]);
    int r = put_frame(self, &head, &tail, self->src, self->dst, 0, 0, 0, zero, p, n);
    if (b.obj) PyBuffer_Release(&b);
    if (r == 1) r = publish(self, head);
    return PyLong_FromLong(r);
}

static int frame_args(PyObject *const *a, int *src, int *tgt, int *kind, uint64_t *seq, uint64_t *ts,
                      uint8_t call[16]) {
    long s = PyLong_AsLong(a[0]), t = PyLong_AsLong(a[1]), k = PyLong_AsLong(a[2]);
    if ((s == -1 || t == -1 || k == -1) && PyErr_Occurred()) return -1;
    if (s < 0 || s > 255 || t < 0 || t > 255 || k < 0 || k > 255) {
        PyErr_SetString(PyExc_ValueError, "source, target and kind must be 0..255");
        return -1;
    }
    *src = (int)s; *tgt = (int)t; *kind = (int)k;
    *seq = PyLong_AsUnsignedLongLong(a[3]);
    if (*seq == (uint64_t)-1 && PyErr_Occurred()) return -1;
    *ts = PyLong_AsUnsignedLongLong(a[4]);
    if (*ts == (uint64_t)-1 && PyErr_Occurred()) return -1;
    return parse_call(a[5], call);
}

/* send_frame(src, tgt, kind, seq, ts_ns, call_id, body) -> -1 | 0 | 1 | 2 */
static PyObject *core_send_frame(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 7) { PyErr_SetString(PyExc_TypeError, "send_frame takes 7 arguments"); return NULL; }
    int src, tgt, kind;
    uint64_t seq, ts;
    uint8_t call[16];
    if (frame_args(a, &src, &tgt, &kind, &seq, &ts, call) < 0) return NULL;
    Py_buffer b;
    const uint8_t *p;
    size_t n;
    if (get_body(a[6], &b, &p, &n) < 0) return NULL;
    uint64_t head = LD(&self->ctl[Q_HEAD]), tail = LD_ACQ(&self->ctl[Q_TAIL]);
    int r = put_frame(self, &head, &tail, src, tgt, kind, seq, ts, call, p, n);
    if (b.obj) PyBuffer_Release(&b);
    if (r == 1) r = publish(self, head);
    return PyLong_FromLong(r);
}

/* send_many_raw(list, start) -> number written (publishes once) */
static PyObject *core_send_many_raw(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 2 || !PyList_Check(a[0])) { PyErr_SetString(PyExc_TypeError, "send_many_raw(list, start)"); return NULL; }
    Py_ssize_t start = PyLong_AsSsize_t(a[1]), len = PyList_GET_SIZE(a[0]), i;
    if (start < 0 && PyErr_Occurred()) return NULL;
    static const uint8_t zero[16] = {0};
    uint64_t head = LD(&self->ctl[Q_HEAD]), tail = LD_ACQ(&self->ctl[Q_TAIL]);
    for (i = start; i < len; i++) {
        Py_buffer b;
        const uint8_t *p;
        size_t n;
        if (get_body(PyList_GET_ITEM(a[0], i), &b, &p, &n) < 0) goto fail;
        int r = put_frame(self, &head, &tail, self->src, self->dst, 0, 0, 0, zero, p, n);
        if (b.obj) PyBuffer_Release(&b);
        if (r < 0) { PyErr_Format(PyExc_ValueError, "item %zd is larger than the ring's max frame", i); goto fail; }
        if (r == 0) break;
    }
    publish(self, head);
    return PyLong_FromSsize_t(i - start);
fail:
    publish(self, head);
    return NULL;
}

/* send_many_frames(list of 7-tuples, start) -> number written */
static PyObject *core_send_many_frames(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 2 || !PyList_Check(a[0])) { PyErr_SetString(PyExc_TypeError, "send_many_frames(list, start)"); return NULL; }
    Py_ssize_t start = PyLong_AsSsize_t(a[1]), len = PyList_GET_SIZE(a[0]), i;
    if (start < 0 && PyErr_Occurred()) return NULL;
    uint64_t head = LD(&self->ctl[Q_HEAD]), tail = LD_ACQ(&self->ctl[Q_TAIL]);
    for (i = start; i < len; i++) {
        PyObject *t = PyList_GET_ITEM(a[0], i);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 7) { PyErr_SetString(PyExc_TypeError, "items must be 7-tuples"); goto fail; }
        PyObject *const *ta = &PyTuple_GET_ITEM(t, 0);
        int src, tgt, kind;
        uint64_t seq, ts;
        uint8_t call[16];
        if (frame_args(ta, &src, &tgt, &kind, &seq, &ts, call) < 0) goto fail;
        Py_buffer b;
        const uint8_t *p;
        size_t n;
        if (get_body(ta[6], &b, &p, &n) < 0) goto fail;
        int r = put_frame(self, &head, &tail, src, tgt, kind, seq, ts, call, p, n);
        if (b.obj) PyBuffer_Release(&b);
        if (r < 0) { PyErr_Format(PyExc_ValueError, "item %zd is larger than the ring's max frame", i); goto fail; }
        if (r == 0) break;
    }
    publish(self, head);
    return PyLong_FromSsize_t(i - start);
fail:
    publish(self, head);
    return NULL;
}

/* ---- consumer ------------------------------------------------------------- */
/* A whole, checksummed frame at absolute position pos (below head)? returns body length or -1 */
static inline int64_t valid_at(RingCore *s, uint64_t pos, uint64_t head) {
    uint64_t cap = s->cap, off = pos % cap;
    if (off + HDR > cap || head - pos < HDR) return -1;
    const uint8_t *p = s->data + off;
    uint32_t magic, bl, crc;
    memcpy(&magic, p, 4);
    if (magic != FRAME_MAGIC || p[4] != FRAME_VERSION) return -1;
    memcpy(&bl, p + 40, 4);
    uint64_t rec = (HDR + (uint64_t)bl + 7) & ~(uint64_t)7;
    if (off + HDR + bl > cap || pos + rec > head || rec > s->max_frame) return -1;
    memcpy(&crc, p + CRC_OFF, 4);
    if (crc32c(crc32c(0, p, CRC_OFF), p + HDR, bl) != crc) return -1;
    return bl;
}

static inline uint64_t seq_at(RingCore *s, uint64_t pos) {
    uint64_t q;
    memcpy(&q, s->data + pos % s->cap + 8, 8);
    return q;
}

/* Skip a corrupt region starting at tail: next valid, newer frame (or head). */
static uint64_t resync(RingCore *s, uint64_t tail, uint64_t head) {
    uint64_t cap = s->cap, last = last_seq(s), p = tail + 8;
    while (p < head) {
        uint64_t off = p % cap;
        if (off + HDR > cap) { p += cap - off; continue; }
        uint32_t m;
        memcpy(&m, s->data + off, 4);
        if (m == PAD_MAGIC && p + (cap - off) <= head) { p += cap - off; continue; }
        if (m == FRAME_MAGIC && valid_at(s, p, head) >= 0 && seq_at(s, p) > last) break;
        p += 8;
    }
    if (p > head) p = head;
    ST(&s->ctl[Q_CRC_FAIL], LD(&s->ctl[Q_CRC_FAIL]) + 1);
    ST(&s->ctl[Q_LAST_CORRUPT], tail);
    return p;
}

/* Find the next deliverable frame at or after *tail. Returns 1 (frame at *tail, body len in *bl),
 * 0 (empty), or -k (k bytes skipped as corrupt; *tail advanced, not yet published). Duplicates
 * and pads are skipped (tail advanced locally). */
static inline int64_t next_frame(RingCore *s, uint64_t *tail, uint64_t *head, uint32_t *bl) {
    uint64_t cap = s->cap;
    for (;;) {
        if (*tail == *head) {
            *head = LD_ACQ(&s->ctl[Q_HEAD]); /* acquire: frame bytes below head are visible */
            if (*tail == *head) return 0;
        }
        uint64_t off = *tail % cap;
        uint32_t m;
        memcpy(&m, s->data + off, 4);
        if (m == PAD_MAGIC && *tail + (cap - off) <= *head) { *tail += cap - off; continue; }
        int64_t n = valid_at(s, *tail, *head);
        if (n < 0) {
            uint64_t t2 = resync(s, *tail, *head);
            int64_t skipped = (int64_t)(t2 - *tail);
            *tail = t2;
            return skipped > 0 ? -skipped : -1;
        }
        uint64_t seq = seq_at(s, *tail);
        if (seq && seq <= last_seq(s)) {
            ST(&s->ctl[Q_DUPLICATES], LD(&s->ctl[Q_DUPLICATES]) + 1);
            *tail += (HDR + (uint64_t)n + 7) & ~(uint64_t)7;
            continue;
        }
        *bl = (uint32_t)n;
        return 1;
    }
}

static inline void consume(RingCore *s, uint64_t *tail, uint32_t bl) {
    uint64_t seq = seq_at(s, *tail);
    if (seq) set_seq(s, seq); /* before tail: a crash makes the redelivery a duplicate */
    ST(&s->ctl[Q_FRAMES_RECV], LD(&s->ctl[Q_FRAMES_RECV]) + 1);
    ST(&s->ctl[Q_BYTES_RECV], LD(&s->ctl[Q_BYTES_RECV]) + bl);
    *tail += (HDR + (uint64_t)bl + 7) & ~(uint64_t)7;
}

/* recv_raw(): bytes, None (empty) or int (bytes skipped as corrupt) */
static PyObject *recv_one(RingCore *self) {
    CHECK_OPEN(self);
    uint64_t tail = cur_tail(self), head = tail;
    uint32_t bl;
    int64_t r = next_frame(self, &tail, &head, &bl);
    if (r == 0) {
        if (tail != cur_tail(self)) set_tail(self, tail);
        Py_RETURN_NONE;
    }
    if (r < 0) {
        set_tail(self, tail);
        return PyLong_FromLongLong(-r);
    }
    PyObject *o = PyBytes_FromStringAndSize((const char *)self->data + tail % self->cap + HDR, bl);
    if (!o) return NULL;
    consume(self, &tail, bl);
    set_tail(self, tail); /* release: the copy above happened first */
    return o;
}

static PyObject *core_recv_raw(RingCore *self, PyObject *unused) { return recv_one(self); }

static PyObject *core_recv_many_raw(RingCore *self, PyObject *arg) {
    CHECK_OPEN(self);
    Py_ssize_t max_n = PyLong_AsSsize_t(arg);
    if (max_n < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "max_n must be >= 0");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    uint64_t tail0 = cur_tail(self), tail = tail0, head = tail;
    while (PyList_GET_SIZE(out) < max_n) {
        uint32_t bl;
        int64_t r = next_frame(self, &tail, &head, &bl);
        if (r == 0) break;
        if (r < 0) continue;
        PyObject *o = PyBytes_FromStringAndSize((const char *)self->data + tail % self->cap + HDR, bl);
        if (!o || PyList_Append(out, o) < 0) {
            Py_XDECREF(o);
            Py_DECREF(out);
            if (tail != tail0) set_tail(self, tail);
            return NULL;
        }
        Py_DECREF(o);
        consume(self, &tail, bl);
    }
    if (tail != tail0) set_tail(self, tail);
    return out;
}



/* ---- whole AgentMessages (the message path without Python frames) -------- */
/* send_msg(msg, encode, kind_of) -> -1|0|1|2; encode(body) -> bytes, kind_of: {type: kind} */
static PyObject *core_send_msg(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 3) { PyErr_SetString(PyExc_TypeError, "send_msg(msg, encode, kind_of)"); return NULL; }
    PyObject *msg = a[0], *body = NULL, *enc = NULL, *f[5] = {NULL, NULL, NULL, NULL, NULL}, *res = NULL;
    body = PyObject_GetAttr(msg, S_body);
    if (!body) return NULL;
    PyObject *k = PyDict_GetItemWithError(a[2], (PyObject *)Py_TYPE(body));
    if (!k) {
        if (!PyErr_Occurred()) PyErr_Format(PyExc_TypeError, "%.80s is not a body type", Py_TYPE(body)->tp_name);
        goto done;
    }
    PyObject *names[5] = {S_source, S_target, k, S_seq, S_ts_ns};
    for (int i = 0; i < 5; i++) {
        if (i == 2) { Py_INCREF(k); f[2] = k; continue; }
        f[i] = PyObject_GetAttr(msg, names[i]);
        if (!f[i]) goto done;
    }
    PyObject *call = PyObject_GetAttr(msg, S_call_id);
    if (!call) goto done;
    PyObject *fa[6] = {f[0], f[1], f[2], f[3], f[4], call};
    int src, tgt, kind;
    uint64_t seq, ts;
    uint8_t cid[16];
    int bad = frame_args(fa, &src, &tgt, &kind, &seq, &ts, cid);
    Py_DECREF(call);
    if (bad < 0) goto done;
    enc = PyObject_CallOneArg(a[1], body);
    if (!enc) goto done;
    if (!PyBytes_Check(enc)) { PyErr_SetString(PyExc_TypeError, "encode() must return bytes"); goto done; }
    uint64_t head = LD(&self->ctl[Q_HEAD]), tail = LD_ACQ(&self->ctl[Q_TAIL]);
    int r = put_frame(self, &head, &tail, src, tgt, kind, seq, ts, cid,
                      (const uint8_t *)PyBytes_AS_STRING(enc), (size_t)PyBytes_GET_SIZE(enc));
    if (r == 1) r = publish(self, head);
    if (r < 0) res = Py_BuildValue("(in)", -1, PyBytes_GET_SIZE(enc));
    else res = PyLong_FromLong(r);
done:
    Py_XDECREF(body);
    Py_XDECREF(enc);
    for (int i = 0; i < 5; i++) Py_XDECREF(f[i]);
    return res;
}

/* Decode the frame at tail into an AgentMessage, or a "bad" tuple
 * (kind, src, tgt, seq, error) when its content is not a valid message. */
static PyObject *decode_at(RingCore *s, uint64_t pos, uint32_t bl, PyObject *decs, PyObject *agents, PyObject *cls) {
    const uint8_t *p = s->data + pos % s->cap;
    int kind = p[7], src = p[5], tgt = p[6];
    uint64_t seq, ts;
    uint32_t crc;
    memcpy(&seq, p + 8, 8);
    memcpy(&ts, p + 16, 8);
    memcpy(&crc, p + CRC_OFF, 4);
    PyObject *dec = PyTuple_GET_ITEM(decs, kind), *sa = PyTuple_GET_ITEM(agents, src),
             *ta = PyTuple_GET_ITEM(agents, tgt);
    if (dec == Py_None || sa == Py_None || ta == Py_None)
        return Py_BuildValue("(iiiKs)", kind, src, tgt, (unsigned long long)seq,
                             dec == Py_None ? "kind" : "agent");
    PyObject *mv = PyMemoryView_FromMemory((char *)p + HDR, bl, PyBUF_READ);
    if (!mv) return NULL;
    PyObject *body = PyObject_CallOneArg(dec, mv); /* zero-copy: decoded from the ring itself */
    if (Py_REFCNT(mv) > 1) {
        PyObject *r = PyObject_CallMethod(mv, "release", NULL);
        if (!r) PyErr_Clear();
        Py_XDECREF(r);
    }
    Py_DECREF(mv);
    if (!body) {
        PyObject *et, *ev, *tb;
        PyErr_Fetch(&et, &ev, &tb);
        PyObject *txt = ev ? PyObject_Str(ev) : NULL;
        if (!txt) { PyErr_Clear(); txt = PyUnicode_FromString("undecodable body"); }
        Py_XDECREF(et); Py_XDECREF(ev); Py_XDECREF(tb);
        PyObject *t = Py_BuildValue("(iiiKN)", kind, src, tgt, (unsigned long long)seq, txt);
        return t;
    }
    PyObject *args[7];
    args[0] = sa;
    args[1] = ta;
    args[2] = call_str(p + 24);
    args[3] = PyLong_FromUnsignedLongLong(seq);
    args[4] = body;
    args[5] = PyLong_FromUnsignedLongLong(ts);
    args[6] = PyLong_FromUnsignedLong(crc);
    PyObject *m = NULL;
    if (args[2] && args[3] && args[5] && args[6]) m = PyObject_Vectorcall(cls, args, 7, NULL);
    for (int i = 2; i < 7; i++) Py_XDECREF(args[i]);
    return m;
}

/* recv_msg(decoders, agents, AgentMessage): message | bad tuple | None | int (corrupt bytes) */
static PyObject *core_recv_msg(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 3 || !PyTuple_Check(a[0]) || PyTuple_GET_SIZE(a[0]) != 256 || !PyTuple_Check(a[1]) ||
        PyTuple_GET_SIZE(a[1]) != 256) {
        PyErr_SetString(PyExc_TypeError, "recv_msg(decoders[256], agents[256], cls)");
        return NULL;
    }
    uint64_t tail = cur_tail(self), head = tail;
    uint32_t bl;
    int64_t r = next_frame(self, &tail, &head, &bl);
    if (r == 0) {
        if (tail != cur_tail(self)) set_tail(self, tail);
        Py_RETURN_NONE;
    }
    if (r < 0) {
        set_tail(self, tail);
        return PyLong_FromLongLong(-r);
    }
    PyObject *o = decode_at(self, tail, bl, a[0], a[1], a[2]);
    if (!o) return NULL;
    consume(self, &tail, bl);
    set_tail(self, tail);
    return o;
}

/* recv_many_msgs(max_n, decoders, agents, cls) -> list of messages and bad tuples */
static PyObject *core_recv_many_msgs(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 4 || !PyTuple_Check(a[1]) || PyTuple_GET_SIZE(a[1]) != 256 || !PyTuple_Check(a[2]) ||
        PyTuple_GET_SIZE(a[2]) != 256) {
        PyErr_SetString(PyExc_TypeError, "recv_many_msgs(max_n, decoders[256], agents[256], cls)");
        return NULL;
    }
    Py_ssize_t max_n = PyLong_AsSsize_t(a[0]);
    if (max_n < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "max_n must be >= 0");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    uint64_t tail0 = cur_tail(self), tail = tail0, head = tail;
    while (PyList_GET_SIZE(out) < max_n) {
        uint32_t bl;
        int64_t r = next_frame(self, &tail, &head, &bl);
        if (r == 0) break;
        if (r < 0) continue;
        PyObject *o = decode_at(self, tail, bl, a[1], a[2], a[3]);
        if (!o || PyList_Append(out, o) < 0) {
            Py_XDECREF(o);
            Py_DECREF(out);
            if (tail != tail0) set_tail(self, tail);
            return NULL;
        }
        Py_DECREF(o);
        consume(self, &tail, bl);
    }
    if (tail != tail0) set_tail(self, tail);
    return out;
}

static PyObject *core_pending(RingCore *self, PyObject *unused) {
    CHECK_OPEN(self);
    uint64_t head = LD_ACQ(&self->ctl[Q_HEAD]);
    return PyLong_FromUnsignedLongLong(head - (self->deferred ? self->rtail : LD_ACQ(&self->ctl[Q_TAIL])));
}

/* set_deferred(flag): manual commit on/off; turning it on starts the cursor at the shared tail. */
static PyObject *core_set_deferred(RingCore *self, PyObject *arg) {
    CHECK_OPEN(self);
    int on = PyObject_IsTrue(arg);
    if (on < 0) return NULL;
    if (on && !self->deferred) {
        self->rseq = LD(&self->ctl[Q_SEQ_RECV]);
        self->rtail = LD(&self->ctl[Q_TAIL]);
    }
    if (!on && self->deferred) { /* hand the private position over: nothing read is lost */
        ST(&self->ctl[Q_SEQ_RECV], self->rseq);
        ST_REL(&self->ctl[Q_TAIL], self->rtail);
    }
    self->deferred = on;
    Py_RETURN_NONE;
}

/* cursor() -> (read position, last seq read): where a commit of everything read so far goes. */
static PyObject *core_cursor(RingCore *self, PyObject *unused) {
    CHECK_OPEN(self);
    return Py_BuildValue("(KK)", (unsigned long long)cur_tail(self), (unsigned long long)last_seq(self));
}

/* commit(position, seq): publish the consumer's progress (seq first: a crash in between makes
 * the redelivery a duplicate). Only forward, never past what was read. */
static PyObject *core_commit(RingCore *self, PyObject *const *a, Py_ssize_t na) {
    CHECK_OPEN(self);
    if (na != 2) { PyErr_SetString(PyExc_TypeError, "commit(position, seq)"); return NULL; }
    unsigned long long pos = PyLong_AsUnsignedLongLong(a[0]), seq = PyLong_AsUnsignedLongLong(a[1]);
    if (PyErr_Occurred()) return NULL;
    uint64_t t = LD(&self->ctl[Q_TAIL]);
    uint64_t limit = self->deferred ? self->rtail : t;
    if (pos < t || pos > limit) {
        PyErr_Format(PyExc_ValueError, "commit position %llu outside [%llu, %llu]", pos,
                     (unsigned long long)t, (unsigned long long)limit);
        return NULL;
    }
    if (seq > LD(&self->ctl[Q_SEQ_RECV])) ST(&self->ctl[Q_SEQ_RECV], seq);
    ST_REL(&self->ctl[Q_TAIL], pos);
    Py_RETURN_NONE;
}

static PyObject *core_fence(RingCore *self, PyObject *unused) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    Py_RETURN_NONE;
}

static PyMethodDef core_methods[] = {
    {"release", (PyCFunction)core_release, METH_NOARGS, "drop the buffer (before closing the mmap)"},
    {"send_raw", (PyCFunction)core_send_raw, METH_O, "send one raw frame -> -1|0|1|2"},
    {"send_frame", (PyCFunction)(void (*)(void))core_send_frame, METH_FASTCALL, "send one frame -> -1|0|1|2"},
    {"send_many_raw", (PyCFunction)(void (*)(void))core_send_many_raw, METH_FASTCALL, "-> number written"},
    {"send_many_frames", (PyCFunction)(void (*)(void))core_send_many_frames, METH_FASTCALL, "-> number written"},
    {"recv_raw", (PyCFunction)core_recv_raw, METH_NOARGS, "-> bytes | None | int (corrupt bytes skipped)"},
    {"recv_many_raw", (PyCFunction)core_recv_many_raw, METH_O, "-> list of bodies"},
    {"send_msg", (PyCFunction)(void (*)(void))core_send_msg, METH_FASTCALL, "send one AgentMessage -> -1|0|1|2 or (-1, size)"},
    {"recv_msg", (PyCFunction)(void (*)(void))core_recv_msg, METH_FASTCALL, "-> AgentMessage | bad tuple | None | int"},
    {"recv_many_msgs", (PyCFunction)(void (*)(void))core_recv_many_msgs, METH_FASTCALL, "-> list"},
    {"pending", (PyCFunction)core_pending, METH_NOARGS, "unread bytes"},
    {"fence", (PyCFunction)core_fence, METH_NOARGS, "full memory fence"},
    {"set_deferred", (PyCFunction)core_set_deferred, METH_O, "manual commit on/off"},
    {"cursor", (PyCFunction)core_cursor, METH_NOARGS, "-> (read position, last seq read)"},
    {"commit", (PyCFunction)(void (*)(void))core_commit, METH_FASTCALL, "commit(position, seq)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RingCoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ipc._ringcore.RingCore",
    .tp_basicsize = sizeof(RingCore),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)core_init,
    .tp_dealloc = (destructor)core_dealloc,
    .tp_methods = core_methods,
    .tp_doc = "RingCore(buffer, capacity, max_frame, src, dst): hot path of one mapped ring",
};

static PyObject *mod_crc32c(PyObject *m, PyObject *args) {
    Py_buffer b;
    unsigned int v = 0;
    if (!PyArg_ParseTuple(args, "y*|I", &b, &v)) return NULL;
    uint32_t c = crc32c(v, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    return PyLong_FromUnsignedLong(c);
}

static PyMethodDef mod_methods[] = {
    {"crc32c", mod_crc32c, METH_VARARGS, "crc32c(data, value=0): same result as the crc32c package"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "ipc._ringcore", "C hot path of ipc.ring", -1, mod_methods};

PyMODINIT_FUNC PyInit__ringcore(void) {
    crc_init();
    if (PyType_Ready(&RingCoreType) < 0) return NULL;
    PyObject *errs = PyImport_ImportModule("ipc.errors");
    if (!errs) return NULL;
    BadCallId = PyObject_GetAttrString(errs, "BadCallId");
    Py_DECREF(errs);
    if (!BadCallId) return NULL;
    EmptyStr = PyUnicode_FromString("");
    S_source = PyUnicode_InternFromString("source");
    S_target = PyUnicode_InternFromString("target");
    S_call_id = PyUnicode_InternFromString("call_id");
    S_seq = PyUnicode_InternFromString("seq");
    S_body = PyUnicode_InternFromString("body");
    S_ts_ns = PyUnicode_InternFromString("ts_ns");
    PyObject *m = PyModule_Create(&moddef);
    if (!m) return NULL;
    Py_INCREF(&RingCoreType);
    PyModule_AddObject(m, "RingCore", (PyObject *)&RingCoreType);
    PyModule_AddIntConstant(m, "CTRL_SIZE", CTRL_SIZE);
    PyModule_AddIntConstant(m, "HEADER_SIZE", HDR);
    PyModule_AddIntConstant(m, "FRAME_VERSION", FRAME_VERSION);
    PyModule_AddIntConstant(m, "Q_HEAD", Q_HEAD);
    PyModule_AddIntConstant(m, "Q_TAIL", Q_TAIL);
    PyModule_AddIntConstant(m, "Q_SLEEPING", Q_SLEEPING);
    PyModule_AddIntConstant(m, "Q_LAST_CORRUPT", Q_LAST_CORRUPT);
    PyModule_AddIntConstant(m, "Q_CRC_FAIL", Q_CRC_FAIL);
    PyModule_AddIntConstant(m, "Q_SEQ_RECV", Q_SEQ_RECV);
    PyModule_AddIntConstant(m, "Q_SEQ_SENT", Q_SEQ_SENT);
    PyModule_AddIntConstant(m, "HAVE_SSE42", have_sse42);
    PyModule_AddObject(m, "FRAME_MAGIC", PyLong_FromUnsignedLong(FRAME_MAGIC));
    return m;
}
