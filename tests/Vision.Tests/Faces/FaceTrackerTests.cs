using EmoteCare.Vision.Faces;

namespace EmoteCare.Vision.Tests.Faces;

public sealed class FaceTrackerTests
{
    private static readonly byte[] Frame = new byte[320 * 240];

    // These tests script the detector, so the cascade fallback is what they observe.
    private static readonly FaceTrackerOptions WithoutTemplates = new() { TemplateSize = 0 };

    [Fact]
    public void Full_detection_runs_every_N_frames_and_only_local_searches_in_between()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 100, 100));
        using var tracker = new FaceTracker(detector, new FaceTrackerOptions { RedetectEveryFrames = 5, TemplateSize = 0 });
        var state = new FaceTrackState();

        var full = Enumerable.Range(0, 12).Select(_ => Track(tracker, state).FullDetection).ToArray();

        Assert.Equal([true, false, false, false, false, true, false, false, false, false, true, false], full);
        Assert.Equal(3, detector.Searches.Count(s => !s.Local));
    }

    [Fact]
    public void Session_phase_offsets_the_detection_schedule_so_sessions_do_not_redetect_together()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 100, 100));
        using var tracker = new FaceTracker(detector, new FaceTrackerOptions { RedetectEveryFrames = 5, TemplateSize = 0 });
        var state = new FaceTrackState(phase: 3);

        var full = Enumerable.Range(0, 8).Select(_ => Track(tracker, state).FullDetection).ToArray();

        Assert.Equal([true, false, true, false, false, false, false, true], full);
        var store = new FaceTrackStore();
        var phases = Enumerable.Range(0, 16).Select(i => store.Get($"session-{i}").Phase % 15).Distinct().Count();
        Assert.True(phases >= 8, $"{phases} distinct phases for 16 sessions");
    }

    [Fact]
    public void Local_search_covers_the_expanded_box_over_a_narrow_size_range()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 100, 100));
        using var tracker = new FaceTracker(detector, new FaceTrackerOptions { SearchExpansion = 1.6, MinScale = 0.8, MaxScale = 1.25, TemplateSize = 0 });
        var state = new FaceTrackState();

        Track(tracker, state);
        Track(tracker, state);

        var local = detector.Searches[1];
        Assert.True(local.Local);
        Assert.Equal(new PixelRect(70, 30, 160, 160), local.Region);
        Assert.Equal((80, 125), (local.MinSize, local.MaxSize));
        Assert.Equal(new FaceSearch(new PixelRect(0, 0, 320, 240), 40, 0, Local: false), detector.Searches[0]);
    }

    [Fact]
    public void Search_region_near_the_frame_edge_is_clamped_to_the_frame()
    {
        var detector = new ScriptedDetector(new PixelRect(250, 180, 60, 60));
        using var tracker = new FaceTracker(detector, WithoutTemplates);
        var state = new FaceTrackState();

        Track(tracker, state);
        Track(tracker, state);

        Assert.Equal(new PixelRect(232, 162, 88, 78), detector.Searches[1].Region);
    }

    [Fact]
    public void Lost_face_triggers_a_full_detection_on_the_same_frame()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 100, 100)) { LocalFinds = false };
        using var tracker = new FaceTracker(detector, WithoutTemplates);
        var state = new FaceTrackState();
        Track(tracker, state);

        var (count, fullDetection, _) = Track(tracker, state);

        Assert.True(fullDetection);
        Assert.Equal(1, count);
        Assert.Equal([false, true, false], detector.Searches.Select(s => s.Local));
    }

    [Fact]
    public void Disabled_tracking_searches_the_full_frame_every_time()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 100, 100));
        using var tracker = new FaceTracker(detector, new FaceTrackerOptions { Enabled = false });
        var state = new FaceTrackState();

        for (var i = 0; i < 4; i++)
        {
            Assert.True(Track(tracker, state).FullDetection);
        }
    }

    [Fact]
    public void Several_faces_are_all_tracked_and_counted()
    {
        var detector = new ScriptedDetector(new PixelRect(20, 20, 80, 80), new PixelRect(200, 40, 70, 70));
        using var tracker = new FaceTracker(detector, WithoutTemplates);
        var state = new FaceTrackState();

        var first = Track(tracker, state);
        var second = Track(tracker, state);

        Assert.Equal(2, first.Count);
        Assert.Equal(2, second.Count);
        Assert.False(second.FullDetection);
        Assert.Equal(new PixelRect(200, 40, 70, 70), second.Faces[1]);
    }

    [Fact]
    public void Template_follows_a_moving_face_without_running_the_detector()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 96, 96));
        using var tracker = new FaceTracker(detector);
        var state = new FaceTrackState();
        var faces = new PixelRect[4];
        tracker.Track(new GrayImageView(TexturedFrame(100, 60, brightness: 0), 320, 240), state, faces, out _);

        // Moved by (+9, +6) and lit 20 levels brighter: correlation still finds it.
        tracker.Track(new GrayImageView(TexturedFrame(109, 66, brightness: 20), 320, 240), state, faces, out var full);

        Assert.False(full);
        Assert.Single(detector.Searches);
        Assert.InRange(faces[0].X, 106, 112);
        Assert.InRange(faces[0].Y, 63, 69);
        Assert.Equal((96, 96), (faces[0].Width, faces[0].Height));
    }

    [Fact]
    public void Weak_template_match_falls_back_to_the_detector_around_the_face()
    {
        var detector = new ScriptedDetector(new PixelRect(100, 60, 96, 96));
        using var tracker = new FaceTracker(detector);
        var state = new FaceTrackState();
        var faces = new PixelRect[4];
        tracker.Track(new GrayImageView(TexturedFrame(100, 60, brightness: 0), 320, 240), state, faces, out _);

        tracker.Track(new GrayImageView(TexturedFrame(100, 60, brightness: 0, seed: 99), 320, 240), state, faces, out var full);

        Assert.False(full);
        Assert.Equal([false, true], detector.Searches.Select(s => s.Local));
    }

    [Fact]
    public void Store_keeps_one_state_per_session_and_forgets_ended_or_idle_ones()
    {
        var store = new FaceTrackStore();

        Assert.Same(store.Get("a"), store.Get("a"));
        Assert.NotSame(store.Get("a"), store.Get("b"));
        Assert.True(store.Remove("a"));
        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.EvictIdle(TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(0, store.Count);
    }

    private static (int Count, bool FullDetection, PixelRect[] Faces) Track(FaceTracker tracker, FaceTrackState state)
    {
        var faces = new PixelRect[4];
        var count = tracker.Track(new GrayImageView(Frame, 320, 240), state, faces, out var full);
        return (count, full, faces);
    }

    /// <summary>A flat frame with a 96x96 patch of random texture at (x, y).</summary>
    private static byte[] TexturedFrame(int x, int y, int brightness, int seed = 3)
    {
        var frame = new byte[320 * 240];
        frame.AsSpan().Fill(90);
        var random = new Random(seed);
        for (var row = 0; row < 96; row += 4)
        {
            for (var col = 0; col < 96; col += 4)
            {
                var value = (byte)Math.Min(255, random.Next(40, 200) + brightness);
                for (var dy = 0; dy < 4; dy++)
                {
                    frame.AsSpan(((y + row + dy) * 320) + x + col, 4).Fill(value);
                }
            }
        }

        return frame;
    }

    /// <summary>Returns fixed faces (those inside the searched region) and records every search.</summary>
    private sealed class ScriptedDetector(params PixelRect[] faces) : IFaceDetector
    {
        public List<FaceSearch> Searches { get; } = [];

        public bool LocalFinds { get; init; } = true;

        public int Detect(GrayImageView image, FaceSearch search, Span<PixelRect> results)
        {
            Searches.Add(search);
            if (search.Local && !LocalFinds)
            {
                return 0;
            }

            var found = 0;
            foreach (var face in faces)
            {
                if (search.Region.Intersect(face) == face)
                {
                    if (found < results.Length)
                    {
                        results[found] = face;
                    }

                    found++;
                }
            }

            return found;
        }

        public void Dispose()
        {
        }
    }
}
