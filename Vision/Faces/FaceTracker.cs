using System.Collections.Concurrent;
using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision.Faces;

/// <summary>How the tracker trades detection cost against responsiveness.</summary>
public sealed record FaceTrackerOptions
{
    /// <summary>When false every frame gets a full-frame detection.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A full-frame detection runs at least every this many frames, catching faces that enter.</summary>
    public int RedetectEveryFrames { get; init; } = 15;

    /// <summary>The search region around a tracked face is the face box scaled by this factor about its centre.</summary>
    public double SearchExpansion { get; init; } = 1.6;

    /// <summary>Smallest face searched around a tracked face, relative to its last size.</summary>
    public double MinScale { get; init; } = 0.8;

    /// <summary>Largest face searched around a tracked face, relative to its last size.</summary>
    public double MaxScale { get; init; } = 1.25;

    /// <summary>Smallest face a full-frame detection looks for, in pixels (40 suits 320x240 frames).</summary>
    public int MinFaceSize { get; init; } = 40;

    /// <summary>Largest face a full-frame detection looks for; 0 for the frame size.</summary>
    public int MaxFaceSize { get; init; }

    /// <summary>
    /// Side of the shrunk face template followed by correlation between detections; 0 turns template
    /// following off, so every tracked frame runs the cascade around the face instead.
    /// </summary>
    public int TemplateSize { get; init; } = 32;

    /// <summary>Correlation (-1..1) a template match needs; below it the cascade searches around the face.</summary>
    public float MinCorrelation { get; init; } = 0.6f;

    /// <summary>Faces followed per session; more found in a full detection are counted but not tracked.</summary>
    public int MaxTrackedFaces { get; init; } = FaceTrackState.Capacity;

    /// <summary>What is wrong with these options, in words naming the setting; null when they are usable.</summary>
    public string? FindProblem() =>
        RedetectEveryFrames < 1 ? $"RedetectEveryFrames must be at least 1, not {RedetectEveryFrames}."
        : SearchExpansion < 1.0 ? $"SearchExpansion must be at least 1, not {SearchExpansion}."
        : MaxTrackedFaces is < 1 or > FaceTrackState.Capacity ? $"MaxTrackedFaces must be 1 to {FaceTrackState.Capacity}, not {MaxTrackedFaces}."
        : TemplateSize < 0 ? $"TemplateSize must not be negative, not {TemplateSize}."
        : null;
}

/// <summary>
/// A session's tracking state: the last face boxes, a shrunk template of each face (1 KiB per face
/// at the default 32 px) and frames since the last full detection. Callers that move sessions between
/// processes can simply drop it: the next frame then runs a full detection.
/// </summary>
public sealed class FaceTrackState
{
    /// <summary>Most faces one session state follows.</summary>
    public const int Capacity = 4;

    internal readonly Lock Gate = new();

    /// <summary>Creates a state; <paramref name="phase"/> offsets its detection schedule (see <see cref="FaceTrackStore"/>).</summary>
    public FaceTrackState(int phase = 0)
    {
        Phase = phase;
    }

    internal readonly PixelRect[] Boxes = new PixelRect[Capacity];

    internal int Phase { get; }

    internal int Count { get; set; }

    /// <summary>Templates of the tracked faces, back to back; allocated on first detection.</summary>
    internal byte[]? Templates { get; set; }

    internal int FramesSinceFullDetection { get; set; }

    /// <summary>Environment.TickCount64 when this state was last used, for eviction of ended sessions.</summary>
    internal long LastUsedTicks { get; set; }
}

/// <summary>Per-session tracking states shared by the workers of one process.</summary>
public sealed class FaceTrackStore
{
    private readonly ConcurrentDictionary<string, FaceTrackState> _states = new(StringComparer.Ordinal);

    /// <summary>Number of sessions with state.</summary>
    public int Count => _states.Count;

    /// <summary>The state of a session, created on first use.</summary>
    public FaceTrackState Get(string sessionId) => _states.GetOrAdd(sessionId, static id => new FaceTrackState(StableHash(id)));

    /// <summary>
    /// FNV-1a of the id. Sessions that start together would otherwise run their full detections in the
    /// same batch every N frames, and that batch's latency would be N times the usual.
    /// </summary>
    private static int StableHash(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }

    /// <summary>Forgets a session (call when it ends).</summary>
    public bool Remove(string sessionId) => _states.TryRemove(sessionId, out _);

    /// <summary>Forgets sessions not seen for <paramref name="idle"/>; returns how many were removed.</summary>
    public int EvictIdle(TimeSpan idle)
    {
        var cutoff = Environment.TickCount64 - (long)idle.TotalMilliseconds;
        var removed = 0;
        foreach (var (sessionId, state) in _states)
        {
            if (state.LastUsedTicks < cutoff && _states.TryRemove(sessionId, out _))
            {
                removed++;
            }
        }

        return removed;
    }
}

/// <summary>
/// Finds faces frame by frame: a full-frame detection every <see cref="FaceTrackerOptions.RedetectEveryFrames"/>
/// frames or when a face is lost. In between, only a region around each tracked face is searched: first by
/// correlating the face's template from its last detection (tens of microseconds), and when that match is
/// weak by running the detector on that region over a narrow size range (about a quarter of a full search). Not thread-safe (it uses one detector
/// and keeps OpenCV scratch images for the template search); a session's state is locked while it is updated, so two workers may share a
/// <see cref="FaceTrackStore"/>.
/// </summary>
public sealed class FaceTracker : IDisposable
{
    private const int FullDetectionCapacity = 16;

    private readonly IFaceDetector _detector;
    private readonly FaceTrackerOptions _options;
    private readonly PixelRect[] _candidates = new PixelRect[FullDetectionCapacity];
    private readonly PixelRect[] _next = new PixelRect[FaceTrackState.Capacity];
    private readonly bool[] _refresh = new bool[FaceTrackState.Capacity];
    private readonly TemplateMatcher _matcher = new();
    private readonly RegionResizer _resizer = new();

    /// <summary>Creates a tracker over <paramref name="detector"/> (not owned).</summary>
    public FaceTracker(IFaceDetector detector, FaceTrackerOptions? options = null)
    {
        _detector = detector;
        _options = options ?? new FaceTrackerOptions();
        if (_options.FindProblem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>The options in use.</summary>
    public FaceTrackerOptions Options => _options;

    /// <summary>
    /// Locates the faces of the next frame of a session. Writes up to <paramref name="faces"/>.Length
    /// boxes (largest first after a full detection) and returns the number of faces present, which can
    /// exceed what was written. <paramref name="fullDetection"/> tells whether the whole frame was searched.
    /// </summary>
    public int Track(GrayImageView image, FaceTrackState state, Span<PixelRect> faces, out bool fullDetection)
    {
        lock (state.Gate)
        {
            state.LastUsedTicks = Environment.TickCount64;
            fullDetection = !_options.Enabled || state.Count == 0 || state.FramesSinceFullDetection + 1 >= _options.RedetectEveryFrames
                || !TrackLocally(image, state);
            if (fullDetection)
            {
                DetectFullFrame(image, state, out var total);
                return CopyOut(state, faces, total);
            }

            state.FramesSinceFullDetection++;
            return CopyOut(state, faces, state.Count);
        }
    }

    /// <summary>Frees the template search's scratch images; the detector belongs to the caller.</summary>
    public void Dispose()
    {
        _matcher.Dispose();
        _resizer.Dispose();
    }

    private static int CopyOut(FaceTrackState state, Span<PixelRect> faces, int total)
    {
        var written = Math.Min(state.Count, faces.Length);
        state.Boxes.AsSpan(0, written).CopyTo(faces);
        return total;
    }

    private void DetectFullFrame(GrayImageView image, FaceTrackState state, out int total)
    {
        var search = new FaceSearch(image.Bounds, _options.MinFaceSize, _options.MaxFaceSize, Local: false);
        total = _detector.Detect(image, search, _candidates);
        // The first detection of a session starts its schedule at its phase, spreading sessions over the cycle.
        state.FramesSinceFullDetection = state.Count == 0 && total > 0 ? state.Phase % _options.RedetectEveryFrames : 0;
        state.Count = Math.Min(Math.Min(total, _candidates.Length), _options.MaxTrackedFaces);
        _candidates.AsSpan(0, state.Count).CopyTo(state.Boxes);
        for (var i = 0; i < state.Count; i++)
        {
            RefreshTemplate(image, state, i, state.Boxes[i]);
        }
    }

    private Span<byte> TemplateOf(FaceTrackState state, int face)
    {
        var size = _options.TemplateSize * _options.TemplateSize;
        state.Templates ??= new byte[FaceTrackState.Capacity * size];
        return state.Templates.AsSpan(face * size, size);
    }

    private bool UsesTemplate(PixelRect box) => _options.TemplateSize > 0 && Math.Min(box.Width, box.Height) >= _options.TemplateSize;

    private void RefreshTemplate(GrayImageView image, FaceTrackState state, int face, PixelRect box)
    {
        if (UsesTemplate(box))
        {
            _resizer.Resize(image, box, TemplateOf(state, face), _options.TemplateSize, _options.TemplateSize, InterpolationFlags.Area);
        }
    }

    /// <summary>Searches around every tracked face; false when any of them is lost.</summary>
    private bool TrackLocally(GrayImageView image, FaceTrackState state)
    {
        for (var i = 0; i < state.Count; i++)
        {
            var previous = state.Boxes[i];
            var region = previous.ScaleAboutCentre(_options.SearchExpansion).Intersect(image.Bounds);
            var side = Math.Max(previous.Width, previous.Height);
            var minSize = (int)(side * _options.MinScale);
            var maxSize = (int)Math.Ceiling(side * _options.MaxScale);
            if (region.Width < minSize || region.Height < minSize)
            {
                return false;
            }

            if (UsesTemplate(previous) && region.Width >= previous.Width && region.Height >= previous.Height)
            {
                var score = _matcher.Match(image, region, TemplateOf(state, i), _options.TemplateSize, previous, out var x, out var y);
                if (score >= _options.MinCorrelation)
                {
                    _next[i] = new PixelRect(x, y, previous.Width, previous.Height).Intersect(image.Bounds);
                    _refresh[i] = false;
                    continue;
                }
            }

            var search = new FaceSearch(region, minSize, Math.Min(maxSize, Math.Min(region.Width, region.Height)), Local: true);
            var found = Math.Min(_detector.Detect(image, search, _candidates), _candidates.Length);
            if (found == 0)
            {
                return false;
            }

            _next[i] = ClosestTo(previous, _candidates.AsSpan(0, found));
            _refresh[i] = true;
        }

        _next.AsSpan(0, state.Count).CopyTo(state.Boxes);
        for (var i = 0; i < state.Count; i++)
        {
            if (_refresh[i])
            {
                // Templates come only from detections; refreshing them from matches would let the box drift.
                RefreshTemplate(image, state, i, state.Boxes[i]);
            }
        }

        return true;
    }

    private static PixelRect ClosestTo(PixelRect previous, ReadOnlySpan<PixelRect> candidates)
    {
        var best = candidates[0];
        var bestOverlap = -1.0;
        foreach (var candidate in candidates)
        {
            var overlap = candidate.IntersectionOverUnion(previous);
            if (overlap > bestOverlap)
            {
                best = candidate;
                bestOverlap = overlap;
            }
        }

        return best;
    }
}
