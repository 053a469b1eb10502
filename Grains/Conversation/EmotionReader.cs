using EmoteCare.Grains.Interfaces;
using EmoteCare.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmoteCare.Grains.Conversation;

/// <summary>
/// The text model as the conversation uses it: for reflections and resource matching only. When the model cannot be
/// opened or fails on a message, the conversation goes on without it (no reflection line), so the crisis path never
/// depends on it; the failure is logged once, without the message.
/// </summary>
public sealed class EmotionReader(IServiceProvider services, ILogger<EmotionReader> logger)
{
    private readonly Lazy<ITextEmotionClassifier?> _classifier = new(() =>
    {
        try
        {
            return services.GetRequiredService<ITextEmotionClassifier>();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogError(exception, "The text emotion model is unavailable: the support chat runs without reflections and emotion-matched resources (set TextEmotion:ModelPath)");
            return null;
        }
    });

    private int _failuresLogged;

    /// <summary>The strongest emotion the model reads in <paramref name="text"/>; null when neutral or the model is unavailable.</summary>
    public Emotion? Strongest(string text)
    {
        if (_classifier.Value is not { } classifier)
        {
            return null;
        }

        try
        {
            return classifier.Classify(text).Detected is [var first, ..] && first != Emotion.Neutral ? first : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (Interlocked.Exchange(ref _failuresLogged, 1) == 0)
            {
                logger.LogError("The text emotion model failed on a message ({ExceptionType}); the turn goes on without it", exception.GetType().Name);
            }

            return null;
        }
    }
}
