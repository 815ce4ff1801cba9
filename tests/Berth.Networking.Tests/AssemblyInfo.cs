// The tests share the host's iptables chains and default pools: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
