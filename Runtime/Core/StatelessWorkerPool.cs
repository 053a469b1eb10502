namespace EmoteCare.Runtime.Core;

/// <summary>
/// The local activations of one stateless worker identity. A request goes to an idle worker; when none is idle the
/// pool grows, up to its limit, and past that the least loaded worker queues it.
/// </summary>
internal sealed class StatelessWorkerPool(GrainRuntime runtime, GrainId grainId, GrainClassInfo grainClass)
{
    private readonly Lock _lock = new();
    private ActivationData[] _workers = [];

    public int Count => Volatile.Read(ref _workers).Length;

    public IReadOnlyList<ActivationData> Workers => Volatile.Read(ref _workers);

    public void Dispatch(IRequest request)
    {
        while (true)
        {
            var workers = Volatile.Read(ref _workers);
            foreach (var worker in workers)
            {
                if (worker.TryStartIfIdle(request))
                {
                    return;
                }
            }

            var target = Grow(workers) ?? LeastLoaded(workers);
            if (target is not null && target.TryEnqueue(request))
            {
                return;
            }
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers = [.. _workers.Where(w => !ReferenceEquals(w, worker))];
        }
    }

    private ActivationData? Grow(ActivationData[] seen)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(seen, _workers) || _workers.Length >= grainClass.MaxStatelessWorkers)
            {
                return null;
            }

            var worker = runtime.CreateActivation(grainId, grainClass);
            _workers = [.. _workers, worker];
            worker.EnsureActivating();
            return worker;
        }
    }

    private static ActivationData? LeastLoaded(ActivationData[] workers) =>
        workers.Length == 0 ? null : workers.MinBy(w => w.Load);
}
