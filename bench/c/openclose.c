// Real-kernel baseline: N open("/dev/null")+close() pairs, timed with
// clock_gettime(CLOCK_MONOTONIC). Prints "ns/pair <value>" for bench/run.ts.
#define _POSIX_C_SOURCE 199309L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  for (int i = 0; i < 10000; i++) close(open("/dev/null", O_RDONLY)); /* warm the dentry cache */
  double t0 = now_ns();
  for (long i = 0; i < n; i++) {
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    close(fd);
  }
  double t1 = now_ns();
  printf("ns/pair %.1f\n", (t1 - t0) / (double)n);
  return 0;
}
