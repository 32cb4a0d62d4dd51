"""Pair-signal study (issue 9, item 2): which signals separate same-story pairs?

    nice .venv/bin/python bench/pair_signals.py

Per non-augmented, unambiguous pair of out/streams/pairs-{tune,dev}.csv: TF-IDF
cosine with IDF from a background corpus (the 848 German Wikinews texts of
data/spkatt2023) plus the file's texts, title cosine, USE cosine of title+lead,
of the first 2,500 characters, of the mean of the first 12 sentence embeddings
("body"), Jaccard of transliteration-neutral entity keys (`names.token_key` of
capitalised tokens), entity TF-IDF cosine. Prints single-signal ROC AUC and a
logistic regression fitted on the tune pairs only, scored on dev.
"""
import sys, re, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'src'))
import numpy as np
from lagebild.eval.pairs import read_pairs, gold_label, is_augmented, split_title, pair_features
from lagebild.corpus.features import DocFreq, vectorise, lead_text, cosine, tokens
from lagebild.corpus.names import token_key
from lagebild.embed import encode
from sklearn.metrics import roc_auc_score
from sklearn.linear_model import LogisticRegression

def sents(text, n=12):
    parts = re.split(r'(?<=[.!?])\s+', text)
    out = [p for p in parts if len(p) > 20][:n]
    return out or [text[:300] or "."]

def load(split):
    rows = [r for r in read_pairs(ROOT / 'out' / 'streams' / f'pairs-{split}.csv') if not is_augmented(r['pair_id']) and gold_label(r['Overall']) is not None]
    return rows

bg = DocFreq()
from lagebild.eval import spkatt
from pathlib import Path
t0=time.time()
for d in spkatt.load(ROOT.parent / 'shared' / 'data' / 'spkatt2023'):
    txt = d.text if hasattr(d,'text') else ''
    bg_v = vectorise(d.title() or '' if callable(getattr(d,'title',None)) else '', txt, 'de', bg)
print('bg', bg.n_docs, time.time()-t0)

def feats(rows):
    docs = []
    for r in rows:
        for k in '12':
            t, b = split_title(r['text'+k]); docs.append((t, b, r['lang'+k]))
    base = pair_features(rows, 'use')
    df = DocFreq(bg.n_docs, bg.counts.copy())
    for t,b,lg in docs: vectorise(t,b,lg,df)
    vecs = [vectorise(t,b,lg,df,update_df=False) for t,b,lg in docs]
    lead = encode([lead_text(t,b) for t,b,_ in docs])
    long_ = encode([(t+'\n'+b)[:2500] for t,b,_ in docs])
    allsent=[]; idx=[]
    for t,b,_ in docs:
        ss = sents(b); idx.append((len(allsent), len(allsent)+len(ss))); allsent += ss
    S = encode(allsent)
    body = np.array([S[a:c].mean(0) for a,c in idx]); body /= np.linalg.norm(body,axis=1,keepdims=True)
    ekeys=[]
    for t,b,lg in docs:
        ks = {}
        for surf,k,ent in tokens(t+'. '+b, lg):
            if ent:
                kk = token_key(surf)
                ks[kk] = ks.get(kk,0)+1
        ekeys.append(ks)
    F=[]
    for i in range(len(rows)):
        a,b = 2*i, 2*i+1
        ka, kb = set(ekeys[a]), set(ekeys[b])
        jac = len(ka&kb)/max(1,len(ka|kb))
        # idf weighted entity overlap
        F.append([cosine(vecs[a].terms, vecs[b].terms), cosine(vecs[a].title, vecs[b].title), float(lead[a]@lead[b]), float(long_[a]@long_[b]), float(body[a]@body[b]), jac, cosine(vecs[a].ents, vecs[b].ents), float(lead[a]@body[b]+body[a]@lead[b])/2])
    return base, np.array(F)
names = ['tfidf_bg','title_bg','lead','long','body','entkey_jac','ents_bg','cross_lb']
R={}
for s in ('tune','dev'):
    rows = load(s); base, F = feats(rows)
    y = np.array([gold_label(r['Overall']) for r in rows]); lp = np.array([r['lang1']+'-'+r['lang2'] for r in rows])
    R[s]=(rows,base,F,y,lp)
    for lg in ('de-de','de-en','all'):
        m = np.ones(len(y),bool) if lg=='all' else lp==lg
        print(s, lg, m.sum(), 'base:', [round(100*roc_auc_score(y[m],base[m,j]),1) for j in range(base.shape[1]-1)], 'new:', {n: round(100*roc_auc_score(y[m],F[m,j]),1) for j,n in enumerate(names)})
D = {s: (R[s][1], R[s][2], R[s][3], R[s][4]) for s in R}
from sklearn.metrics import roc_auc_score
names = ['tfidf_bg','title_bg','lead','long','body','entkey_jac','ents_bg','cross_lb']
def X(s, cols, base_cols=()):
    b,F,y,lp = D[s]
    return np.hstack([F[:,cols], b[:,list(base_cols)]]) , y, lp
for cols in ([2],[0,2],[0,2,4],[0,2,3,4],[0,2,3,4,5],[0,2,3,4,5,6],[0,1,2,3,4,5,6],[0,2,4,5],[0,3,4,5], [0,2,3,4,5,6,7]):
    for C in (0.1,1.0,10):
        Xt,yt,lt = X('tune',cols); Xd,yd,ld = X('dev',cols)
        lr = LogisticRegression(C=C,max_iter=5000).fit(Xt,yt)
        p = lr.decision_function(Xd)
        pt = lr.decision_function(Xt)
        print([names[c] for c in cols], C, 'dev', {lg: round(100*roc_auc_score(yd[ld==lg],p[ld==lg]),1) for lg in ('de-de','de-en')}, 'all', round(100*roc_auc_score(yd,p),1), 'tune de', round(100*roc_auc_score(yt[lt=='de-de'],pt[lt=='de-de']),1))
print('---- mono/cross split')
mono = lambda lp: np.array([a.split('-')[0]==a.split('-')[1] for a in lp])
for cols in ([0,2],[0,2,6],[0,2,4,6],[0,2,3,4,5,6],[0,3,4,6],[0,4,6], [0,6,3]):
  for C in (0.1,1.0):
    Xt,yt,lt = X('tune',cols); Xd,yd,ld = X('dev',cols)
    res={}
    for sel,lg in ((mono,'de-de'),(lambda l: ~mono(l),'de-en')):
        mt = sel(lt); lr = LogisticRegression(C=C,max_iter=5000).fit(Xt[mt],yt[mt])
        p = lr.decision_function(Xd); res[lg]=round(100*roc_auc_score(yd[ld==lg],p[ld==lg]),1)
        mtd=lt==lg; lr2=LogisticRegression(C=C,max_iter=5000).fit(Xt[mtd],yt[mtd]); p2=lr2.decision_function(Xd); res[lg+'-only']=round(100*roc_auc_score(yd[ld==lg],p2[ld==lg]),1)
    print([names[c] for c in cols], C, res)
