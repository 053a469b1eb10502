using EmoteCare.Grains.Inference;
using EmoteCare.Vision;
using EmoteCare.Vision.Faces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Tests.Inference;

public sealed class FramePipelineFactoryTests
{
    private static readonly string TestModel = Path.Combine(
        RepositoryFolder.FindAbove(AppContext.BaseDirectory)!, "tests", "Vision.Tests", "TestData", "emotion-test.onnx");

    private static FramePipelineFactory Factory(Dictionary<string, string?> settings)
    {
        settings["Inference:ModelPath"] = TestModel;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new ServiceCollection().Configure<FrameDispatcherOptions>(configuration.GetSection("Inference")).BuildServiceProvider()
            .GetRequiredService<IOptions<FrameDispatcherOptions>>();
        return new FramePipelineFactory(options, new FaceTrackStore());
    }

    [Fact]
    public void Tracking_settings_come_from_the_Inference_section_and_the_rest_keep_their_defaults()
    {
        var pipeline = Factory(new() { ["Inference:Tracking:RedetectEveryFrames"] = "5", ["Inference:Tracking:Enabled"] = "false" }).PipelineOptions();

        Assert.Equal(5, pipeline.Tracking.RedetectEveryFrames);
        Assert.False(pipeline.Tracking.Enabled);
        Assert.Equal(new FaceTrackerOptions().SearchExpansion, pipeline.Tracking.SearchExpansion);
        Assert.Equal(TestModel, pipeline.EmotionModelPath);
    }

    [Fact]
    public void Without_tracking_settings_the_pipeline_tracks_with_its_defaults()
    {
        var pipeline = Factory([]).PipelineOptions();

        Assert.Equal(new FaceTrackerOptions(), pipeline.Tracking);
    }

    [Fact]
    public void A_tracking_setting_out_of_range_fails_the_start_and_names_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inference:Tracking:RedetectEveryFrames"] = "0" }).Build();
        using var services = new ServiceCollection().AddEmoteCareInference(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Inference:Tracking: RedetectEveryFrames must be at least 1", error.Message, StringComparison.Ordinal);
    }
}
