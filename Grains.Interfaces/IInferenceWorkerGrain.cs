using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// A stateless inference worker: a local pool of these (one per core) analyses the frames waiting in this silo's frame
/// dispatcher. Raw frames never cross a grain call; the worker takes them from its own silo.
/// </summary>
[Alias("emotecare.IInferenceWorkerGrain")]
public interface IInferenceWorkerGrain : IGrainWithStringKey
{
    /// <summary>The one key the silo's pump uses; stateless workers share it.</summary>
    const string LocalKey = "local";

    /// <summary>
    /// Takes the next batch from the dispatcher (up to its batch size, at most one frame per session), runs detection and
    /// classification over it, and delivers each session's result with one call per session.
    /// </summary>
    /// <returns>The number of frames analysed; zero when nothing was waiting.</returns>
    [Alias("ProcessPendingBatch")]
    Task<int> ProcessPendingBatch();
}
