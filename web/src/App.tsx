export function App() {
  return (
    <main>
      <h1>Parley</h1>
      <p>
        Two-way SMS for recruitment teams. The API is documented at <a href="/api/docs">/api/docs</a>.
      </p>
    </main>
  )
}
