export function UpcomingSection({ title, description }: { title: string; description: string }) {
  return (
    <section className="upcoming" aria-labelledby="section-heading">
      <h1 id="section-heading">{title}</h1>
      <div className="empty-state">
        <p className="empty-title">Not available in this version yet</p>
        <p>{description}</p>
      </div>
    </section>
  );
}
