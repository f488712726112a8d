"""Jobs used by the job queue's tests: each run leaves a trace that the test can count."""


def mark(number: int, path: str) -> None:
    # One short write with O_APPEND: lines from concurrent workers never interleave.
    with open(path, "a") as trace:
        trace.write(f"{number}\n")


def fail(path: str) -> None:
    with open(path, "a") as trace:
        trace.write("attempt\n")
    raise RuntimeError("the probe fails on purpose")
