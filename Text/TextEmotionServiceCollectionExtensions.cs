using EmoteCare.Vision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Text;

/// <summary>Where the text emotion model lives (<c>TextEmotion</c> in configuration).</summary>
public sealed class TextEmotionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TextEmotion";

    /// <summary>Path of the ONNX model; its sidecar JSON and vocabulary sit beside it. Relative paths are looked up from the working directory, then the repository root.</summary>
    public string ModelPath { get; set; } = "models/emotion-text.onnx";
}

/// <summary>Adds the text emotion classifier.</summary>
public static class TextEmotionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ITextEmotionClassifier"/> (one shared, thread-safe <see cref="TextEmotionClassifier"/>, opened on
    /// first use); <c>TextEmotion:ModelPath</c> in <paramref name="configuration"/> overrides the repository's model.
    /// </summary>
    public static IServiceCollection AddTextEmotion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TextEmotionOptions>().Bind(configuration.GetSection(TextEmotionOptions.Section));
        services.AddSingleton(provider => TextEmotionClassifier.Open(ResolveModelPath(provider.GetRequiredService<IOptions<TextEmotionOptions>>().Value.ModelPath)));
        services.AddSingleton<ITextEmotionClassifier>(provider => provider.GetRequiredService<TextEmotionClassifier>());
        return services;
    }

    /// <summary>The model's full path.</summary>
    /// <exception cref="FileNotFoundException">Neither the working directory nor the repository root holds it.</exception>
    public static string ResolveModelPath(string path) =>
        RepositoryFolder.ResolveFile(path)
        ?? throw new FileNotFoundException($"The text emotion model '{path}' was not found from {Environment.CurrentDirectory} or the repository root. Set {TextEmotionOptions.Section}:ModelPath.", path);
}
