namespace DurableTask.Relational; internal static class Placeholder {}
