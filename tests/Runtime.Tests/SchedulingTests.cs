namespace EmoteCare.Runtime.Tests;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Turns_of_one_activation_never_overlap_and_no_update_is_lost()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("turns");

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => counter.SlowIncrement(yields: 3))));

        Assert.Equal(500, await counter.Get());
        Assert.Equal(0, journal.OverlappingTurns);
    }

    [Fact]
    public async Task Non_reentrant_grain_finishes_one_request_before_starting_the_next()
    {
        var journal = new Journal();
        var gates = new Gates();
        await using var cluster = await Cluster.StartAsync(journal, gates);
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("g");

        var first = grain.Wait("1");
        await Eventually.TrueAsync(() => journal.Entries.Contains("start 1"), "the first request starts");
        var second = grain.Wait("2");
        gates.Open("2");
        await Task.Delay(100);
        Assert.DoesNotContain("start 2", journal.Entries);

        gates.Open("1");
        await Task.WhenAll(first, second);

        Assert.Equal(["start 1", "end 1", "start 2", "end 2"], journal.Entries);
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_requests_but_not_turns()
    {
        var journal = new Journal();
        var gates = new Gates();
        await using var cluster = await Cluster.StartAsync(journal, gates);
        var grain = cluster.GrainFactory.GetGrain<IReentrantGateGrain>("r");

        var first = grain.Wait("1");
        var second = grain.Wait("2");
        await Eventually.TrueAsync(() => journal.Entries.Count == 2, "both requests start");
        gates.Open("2");
        gates.Open("1");
        await Task.WhenAll(first, second);

        Assert.Equal(["start 1", "start 2"], journal.Entries.Take(2).Order());
        Assert.Equal(0, journal.OverlappingTurns);
    }

    [Fact]
    public async Task Read_only_requests_interleave_with_each_other_but_not_with_writers()
    {
        var journal = new Journal();
        var gates = new Gates();
        await using var cluster = await Cluster.StartAsync(journal, gates);
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("ro");

        var readA = grain.Read("a");
        var readB = grain.Read("b");
        await Eventually.TrueAsync(() => journal.Entries.Count == 2, "both reads start together");
        var write = grain.Wait("w");
        var readC = grain.Read("c");
        gates.Open("w");
        gates.Open("c");
        await Task.Delay(100);
        Assert.DoesNotContain("start w", journal.Entries);

        gates.Open("a");
        gates.Open("b");
        await Task.WhenAll(readA, readB, write, readC);

        var entries = journal.Entries.ToList();
        Assert.True(entries.IndexOf("start w") > entries.IndexOf("end a") && entries.IndexOf("start w") > entries.IndexOf("end b"));
        Assert.True(entries.IndexOf("start c") > entries.IndexOf("end w"), "a read queued behind a writer waits for it");
    }

    [Fact]
    public async Task Always_interleave_method_runs_while_the_grain_is_busy()
    {
        var gates = new Gates();
        await using var cluster = await Cluster.StartAsync(gates: gates);
        var grain = cluster.GrainFactory.GetGrain<IGateGrain>("probe");

        var busy = grain.Wait("never-yet");

        Assert.Equal(42, await grain.Probe());
        gates.Open("never-yet");
        await busy;
    }

    [Fact]
    public async Task Call_cycle_fails_fast_with_a_clear_exception()
    {
        await using var cluster = await Cluster.StartAsync(options: o => o.CallTimeout = TimeSpan.FromSeconds(20));
        var a = cluster.GrainFactory.GetGrain<IPingGrain>("a");

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<GrainCallCycleException>(() => a.Ping("b", hops: 2));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Contains("ping/a -> ping/b -> ping/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_chain_without_a_cycle_succeeds()
    {
        await using var cluster = await Cluster.StartAsync();

        Assert.Equal("a>b", await cluster.GrainFactory.GetGrain<IPingGrain>("a").Ping("b", hops: 1));
    }

    [Fact]
    public async Task Call_that_outlives_the_timeout_fails_with_TimeoutException_and_the_grain_stays_usable()
    {
        await using var cluster = await Cluster.StartAsync(options: o => (o.CallTimeout, o.ShutdownTimeout) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)));
        var grain = cluster.GrainFactory.GetGrain<IHangGrain>("h");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.Hang());

        Assert.Contains("hang/h", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hang", error.Message, StringComparison.Ordinal);
        Assert.Equal(42, await grain.Probe());
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_and_repeat()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal);
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("t");

        await grain.Start(periodMs: 5);
        var busy = Enumerable.Range(0, 50).Select(_ => grain.Busy(yields: 20)).ToList();
        await Task.WhenAll(busy);
        await Eventually.TrueAsync(() => grain.Ticks().Result >= 5, "the timer ticks five times");

        Assert.Equal(0, journal.OverlappingTurns);
    }

    [Fact]
    public async Task Timer_stops_when_its_grain_deactivates()
    {
        var journal = new Journal();
        await using var cluster = await Cluster.StartAsync(journal, options: o => o.CollectionAge = TimeSpan.FromMilliseconds(200));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("stop");
        await grain.Start(periodMs: 10);

        await Eventually.TrueAsync(() => journal.Deactivations == 1, "the grain is collected although its timer ticks");
        var ticksAtDeactivation = journal.TimerTicks;
        await Task.Delay(300);

        Assert.True(ticksAtDeactivation > 0);
        Assert.Equal(ticksAtDeactivation, journal.TimerTicks);
    }

    [Fact]
    public async Task Stateless_worker_pool_grows_under_load_up_to_its_limit()
    {
        var gates = new Gates();
        await using var cluster = await Cluster.StartAsync(gates: gates);
        var worker = cluster.GrainFactory.GetGrain<IWorkerGrain>("pool");

        var calls = Enumerable.Range(0, 10).Select(_ => worker.Work("go")).ToList();
        await Task.Delay(100);
        gates.Open("go");
        var instances = await Task.WhenAll(calls);

        Assert.Equal(3, instances.Distinct().Count());
    }

    [Fact]
    public async Task Stateless_worker_reuses_an_idle_activation()
    {
        var gates = new Gates();
        gates.Open("open");
        await using var cluster = await Cluster.StartAsync(gates: gates);
        var worker = cluster.GrainFactory.GetGrain<IWorkerGrain>("seq");

        var instances = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            instances.Add(await worker.Work("open"));
        }

        Assert.Single(instances.Distinct());
    }
}
