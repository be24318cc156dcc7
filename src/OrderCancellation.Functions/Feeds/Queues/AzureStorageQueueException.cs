using System.Net;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>The queue service refused a request (after retries, for transient failures); carries its error code and message.</summary>
public sealed class AzureStorageQueueException : Exception
{
    public AzureStorageQueueException(string operation, string queueName, HttpStatusCode statusCode, string? errorCode, string? errorMessage, Exception? innerException = null)
        : base($"Azure Storage queue {operation} on '{queueName}' failed: {(int)statusCode} {statusCode}, {errorCode ?? "no error code"}: {errorMessage ?? "no message"}", innerException)
    {
        Operation = operation;
        QueueName = queueName;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public string Operation { get; }

    public string QueueName { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The storage error code (<c>x-ms-error-code</c>), e.g. <c>QueueNotFound</c>, <c>AuthenticationFailed</c>.</summary>
    public string? ErrorCode { get; }
}
