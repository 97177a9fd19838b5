import OptBench
