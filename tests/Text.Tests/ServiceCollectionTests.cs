using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Text.Tests;

/// <summary><c>AddTextEmotion</c>: the configured model, or the repository's by default.</summary>
public sealed class ServiceCollectionTests
{
    [Fact]
    public void The_configured_model_path_is_used()
    {
        using var provider = Provider(new() { ["TextEmotion:ModelPath"] = TestPaths.TestModel });

        var classifier = provider.GetRequiredService<ITextEmotionClassifier>();

        Assert.Same(provider.GetRequiredService<TextEmotionClassifier>(), classifier);
        Assert.Equal([Emotion.Angry], classifier.Classify("angry").Detected);
    }

    [Fact]
    public void Without_configuration_the_repository_model_is_found_from_any_working_directory()
    {
        using var provider = Provider([]);

        var classifier = provider.GetRequiredService<TextEmotionClassifier>();

        Assert.Equal("emotion-text", classifier.Model.Name);
        Assert.Equal(TestPaths.CommittedModel, TextEmotionServiceCollectionExtensions.ResolveModelPath("models/emotion-text.onnx"));
    }

    [Fact]
    public void A_model_path_that_leads_nowhere_names_the_setting()
    {
        using var provider = Provider(new() { ["TextEmotion:ModelPath"] = "models/no-such-model.onnx" });

        var error = Assert.Throws<FileNotFoundException>(() => provider.GetRequiredService<ITextEmotionClassifier>());
        Assert.Contains("TextEmotion:ModelPath", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddTextEmotion(configuration).BuildServiceProvider();
    }
}
