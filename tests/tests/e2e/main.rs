//! The end-to-end tests, one test binary (`cargo test -p regiolab-e2e --test e2e`) with a
//! module per area, so thirtyfour, tokio and the core are linked once. The harness is the
//! library (`regiolab_e2e`); its apps take turns, one at a time in this process, while the
//! tests run on the default test threads. scripts/bench.sh runs the benchmarks by name: the
//! ignored `latency::` and `startup::` ones, and
//! `attendance::grid_of_200_people_and_6_sessions_render_time`, a normal test that writes its
//! figures only when `REGIOLAB_BENCH_OUT` is set.

mod attendance;
mod checkin;
mod documents;
mod door_notices;
mod import;
mod latency;
mod planning;
mod records;
mod security;
mod startup;
mod sync;
